# Exchange-cmdlet part of the probe: turns what Get-ExchangeServer,
# Get-OrganizationConfig, Get-ExchangeCertificate, Get-AuthConfig,
# Get-ServerComponentState and Get-MailboxServer return into facts.
#
# Runs where the Exchange cmdlets are: in the orchestrator through the remote
# Exchange Management Shell session (objects arrive deserialized), on an Edge
# server through the local snap-in (live objects), or in the lab (captures).
# Function definitions only; needs common-functions.ps1.

function Get-ExwizSiteName {
    param($Site)
    if ($null -eq $Site) { return $null }
    $name = Get-ExwizProperty -Object $Site -Name 'Name'
    if ($null -ne $name -and [string]$name -ne '') { return [string]$name }
    $text = [string]$Site
    if ($text -eq '') { return $null }
    # "contoso.local/Configuration/Sites/Default-First-Site-Name"
    return ($text -split '/')[-1]
}

function ConvertTo-ExwizCertificateFacts {
    param($Certificate, [string]$CurrentAuth, [string]$NextAuth)
    $thumbprint = [string](Get-ExwizProperty $Certificate 'Thumbprint')
    $services = New-Object System.Collections.ArrayList
    $rawServices = Get-ExwizProperty $Certificate 'Services'
    if ($null -ne $rawServices) {
        foreach ($part in ([string]$rawServices -split '[,\s]+')) {
            if ($part -ne '' -and $part -ne 'None') { [void]$services.Add($part) }
        }
    }
    $keySize = Get-ExwizProperty $Certificate 'PublicKeySize'
    if ($null -eq $keySize -and $Certificate -is [System.Security.Cryptography.X509Certificates.X509Certificate2]) {
        try {
            $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPublicKey($Certificate)
            if ($null -ne $rsa) { $keySize = $rsa.KeySize }
        } catch {
            $keySize = $null
        }
    }
    $signature = Get-ExwizProperty $Certificate 'SignatureAlgorithm'
    $signatureName = $null
    if ($null -ne $signature) {
        $signatureName = ConvertTo-ExwizString (Get-ExwizProperty $signature 'FriendlyName')
        if ($null -eq $signatureName) { $signatureName = ConvertTo-ExwizString $signature }
    }
    $keyNumber = $null
    if ($null -ne $keySize -and [string]$keySize -ne '') { $keyNumber = [int]$keySize }
    return [ordered]@{
        thumbprint         = $thumbprint
        subject            = [string](Get-ExwizProperty $Certificate 'Subject')
        issuer             = ConvertTo-ExwizString (Get-ExwizProperty $Certificate 'Issuer')
        notAfter           = ConvertTo-ExwizIsoDate (Get-ExwizProperty $Certificate 'NotAfter')
        notBefore          = ConvertTo-ExwizIsoDate (Get-ExwizProperty $Certificate 'NotBefore')
        services           = $services.ToArray()
        isSelfSigned       = ConvertTo-ExwizBool (Get-ExwizProperty $Certificate 'IsSelfSigned')
        status             = ConvertTo-ExwizString (Get-ExwizProperty $Certificate 'Status')
        keySize            = $keyNumber
        signatureAlgorithm = $signatureName
        isCurrentAuth      = ($CurrentAuth -ne '' -and $thumbprint -eq $CurrentAuth)
        isNextAuth         = ($NextAuth -ne '' -and $thumbprint -eq $NextAuth)
    }
}

function Get-ExwizExchangeFacts {
    # Everything the Exchange cmdlets say about one server. A failing cmdlet
    # leaves its part $null and records why; Get-ExchangeServer failing ends
    # the stage (nothing else can be asked without knowing the server).
    param([string]$ServerName, [System.Collections.ArrayList]$Errors)

    $result = [ordered]@{
        identity                 = $null
        isEdge                   = $false
        orgMitigationsEnabled    = $null
        serverMitigationsEnabled = $null
        mitigationsApplied       = @()
        mitigationsBlocked       = @()
        dataCollectionEnabled    = $null
        internetWebProxy         = $null
        certificates             = $null
        authCertificate          = $null
        maintenance              = $null
        dagName                  = $null
    }

    try {
        $server = @(Get-ExchangeServer -Identity $ServerName -ErrorAction Stop)[0]
    } catch {
        Add-ExwizSectionError -Errors $Errors -Section 'identity' -Err $_
        return $result
    }
    $roles = New-Object System.Collections.ArrayList
    foreach ($role in ([string](Get-ExwizProperty $server 'ServerRole') -split '[,\s]+')) {
        if ($role -ne '' -and $role -ne 'None') { [void]$roles.Add($role) }
    }
    $isEdge = (ConvertTo-ExwizBool (Get-ExwizProperty $server 'IsEdgeServer')) -eq $true -or $roles.Contains('Edge')
    $result.isEdge = $isEdge
    $result.identity = [ordered]@{
        name                = [string](Get-ExwizProperty $server 'Name')
        fqdn                = ConvertTo-ExwizString (Get-ExwizProperty $server 'Fqdn')
        domain              = ConvertTo-ExwizString (Get-ExwizProperty $server 'Domain')
        site                = Get-ExwizSiteName (Get-ExwizProperty $server 'Site')
        roles               = $roles.ToArray()
        edition             = ConvertTo-ExwizString (Get-ExwizProperty $server 'Edition')
        adminDisplayVersion = ConvertTo-ExwizString (Get-ExwizProperty $server 'AdminDisplayVersion')
        isEdge              = $isEdge
    }
    $result.serverMitigationsEnabled = ConvertTo-ExwizBool (Get-ExwizProperty $server 'MitigationsEnabled')
    $result.mitigationsApplied = ConvertTo-ExwizStringArray (Get-ExwizProperty $server 'MitigationsApplied')
    $result.mitigationsBlocked = ConvertTo-ExwizStringArray (Get-ExwizProperty $server 'MitigationsBlocked')
    $result.dataCollectionEnabled = ConvertTo-ExwizBool (Get-ExwizProperty $server 'DataCollectionEnabled')
    $result.internetWebProxy = ConvertTo-ExwizString (Get-ExwizProperty $server 'InternetWebProxy')

    if (-not $isEdge) {
        try {
            $org = Get-OrganizationConfig -ErrorAction Stop
            $result.orgMitigationsEnabled = ConvertTo-ExwizBool (Get-ExwizProperty $org 'MitigationsEnabled')
        } catch {
            Add-ExwizSectionError -Errors $Errors -Section 'organization' -Err $_
        }
    }

    $auth = $null
    if (-not $isEdge) {
        try {
            $auth = Get-AuthConfig -ErrorAction Stop
        } catch {
            Add-ExwizSectionError -Errors $Errors -Section 'auth-config' -Err $_
        }
    }
    $currentAuth = [string](Get-ExwizProperty $auth 'CurrentCertificateThumbprint')
    $nextAuth = [string](Get-ExwizProperty $auth 'NextCertificateThumbprint')
    try {
        $list = New-Object System.Collections.ArrayList
        foreach ($certificate in @(Get-ExchangeCertificate -Server $ServerName -ErrorAction Stop)) {
            if ($null -ne $certificate) { [void]$list.Add((ConvertTo-ExwizCertificateFacts -Certificate $certificate -CurrentAuth $currentAuth -NextAuth $nextAuth)) }
        }
        $result.certificates = $list.ToArray()
    } catch {
        Add-ExwizSectionError -Errors $Errors -Section 'certificates' -Err $_
    }
    if ($null -ne $auth) {
        $current = $null
        if ($null -ne $result.certificates) { $current = @($result.certificates | Where-Object { $_.isCurrentAuth }) | Select-Object -First 1 }
        $result.authCertificate = [ordered]@{
            currentThumbprint = ConvertTo-ExwizString $currentAuth
            nextThumbprint    = ConvertTo-ExwizString $nextAuth
            nextEffectiveDate = ConvertTo-ExwizIsoDate (Get-ExwizProperty $auth 'NextCertificateEffectiveDate')
            foundOnServer     = ($null -ne $current)
            notAfter          = $(if ($null -ne $current) { $current.notAfter } else { $null })
        }
    }

    $inactive = New-Object System.Collections.ArrayList
    $componentsRead = $false
    try {
        foreach ($component in @(Get-ServerComponentState -Identity $ServerName -ErrorAction Stop)) {
            $name = [string](Get-ExwizProperty $component 'Component')
            $state = [string](Get-ExwizProperty $component 'State')
            # Health Checker skips these two: they are Inactive on every on-premises server.
            if ($name -eq 'ForwardSyncDaemon' -or $name -eq 'ProvisioningRps') { continue }
            if ($state -ne 'Active') { [void]$inactive.Add([ordered]@{ component = $name; state = $state }) }
        }
        $componentsRead = $true
    } catch {
        Add-ExwizSectionError -Errors $Errors -Section 'maintenance' -Err $_
    }
    $dagName = $null; $policy = $null; $moveNow = $null
    if (-not $isEdge) {
        try {
            $mailbox = Get-MailboxServer -Identity $ServerName -ErrorAction Stop
            $dagName = ConvertTo-ExwizString (Get-ExwizProperty $mailbox 'DatabaseAvailabilityGroup')
            $policy = ConvertTo-ExwizString (Get-ExwizProperty $mailbox 'DatabaseCopyAutoActivationPolicy')
            $moveNow = ConvertTo-ExwizBool (Get-ExwizProperty $mailbox 'DatabaseCopyActivationDisabledAndMoveNow')
        } catch {
            Add-ExwizSectionError -Errors $Errors -Section 'mailbox-server' -Err $_
        }
    }
    $result.dagName = $dagName
    if ($componentsRead) {
        $result.maintenance = [ordered]@{
            inactiveComponents                       = $inactive.ToArray()
            dagName                                  = $dagName
            clusterNodeState                         = $null
            databaseCopyAutoActivationPolicy         = $policy
            databaseCopyActivationDisabledAndMoveNow = $moveNow
        }
    }
    return $result
}
