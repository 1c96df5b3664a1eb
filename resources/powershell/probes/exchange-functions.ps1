# Exchange-cmdlet part of the probe: the sections of sections.json with an
# "exchange" function, turning what Get-ExchangeServer, Get-OrganizationConfig,
# Get-ExchangeCertificate, Get-AuthConfig, Get-ServerComponentState,
# Get-MailboxServer, Get-Mailbox, Get-MailboxDatabase, Get-OutlookAnywhere,
# Get-HybridConfiguration and Get-SendConnector return into facts with the keys ServerFacts has.
#
# Runs where the Exchange cmdlets are: in the orchestrator through the remote
# Exchange Management Shell session (objects arrive deserialized), on an Edge
# server through the local snap-in (live objects), or in the lab (captures).
# Each section function takes the channel's -Context (ServerName, Errors,
# Roles, Parts = the sections read so far) and leaves in it what later
# sections and the server-side collection need (ExchangeServer, IsEdge,
# OrganizationConfig, AuthConfig, InternetWebProxy, DagName).
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
    # Only Exchange's certificate object has Services ("None" when unassigned); a
    # certificate read without the Exchange tools has none to read: unknown ($null).
    $services = $null
    $rawServices = Get-ExwizProperty $Certificate 'Services'
    if ($null -ne $rawServices) {
        $services = New-Object System.Collections.ArrayList
        foreach ($part in ([string]$rawServices -split '[,\s]+')) {
            if ($part -ne '' -and $part -ne 'None') { [void]$services.Add($part) }
        }
        $services = $services.ToArray()
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
        services           = $services
        isSelfSigned       = ConvertTo-ExwizBool (Get-ExwizProperty $Certificate 'IsSelfSigned')
        status             = ConvertTo-ExwizString (Get-ExwizProperty $Certificate 'Status')
        keySize            = $keyNumber
        signatureAlgorithm = $signatureName
        isCurrentAuth      = ($CurrentAuth -ne '' -and $thumbprint -eq $CurrentAuth)
        isNextAuth         = ($NextAuth -ne '' -and $thumbprint -eq $NextAuth)
    }
}

function Get-ExwizIdentityFacts {
    # Get-ExchangeServer: who the server is. Failing ends the channel (nothing
    # else can be asked without knowing the server).
    param([hashtable]$Context)
    $server = @(Get-ExchangeServer -Identity $Context.ServerName -ErrorAction Stop)[0]
    $roles = New-Object System.Collections.ArrayList
    foreach ($role in ([string](Get-ExwizProperty $server 'ServerRole') -split '[,\s]+')) {
        if ($role -ne '' -and $role -ne 'None') { [void]$roles.Add($role) }
    }
    $isEdge = (ConvertTo-ExwizBool (Get-ExwizProperty $server 'IsEdgeServer')) -eq $true -or $roles.Contains('Edge')
    $Context.ExchangeServer = $server
    $Context.IsEdge = $isEdge
    return [ordered]@{
        name                = [string](Get-ExwizProperty $server 'Name')
        fqdn                = ConvertTo-ExwizString (Get-ExwizProperty $server 'Fqdn')
        domain              = ConvertTo-ExwizString (Get-ExwizProperty $server 'Domain')
        site                = Get-ExwizSiteName (Get-ExwizProperty $server 'Site')
        roles               = $roles.ToArray()
        edition             = ConvertTo-ExwizString (Get-ExwizProperty $server 'Edition')
        adminDisplayVersion = ConvertTo-ExwizString (Get-ExwizProperty $server 'AdminDisplayVersion')
        isEdge              = $isEdge
    }
}

function Get-ExwizEemsSettings {
    # The EEMS switches and proxy from Get-ExchangeServer and (not on Edge) Get-OrganizationConfig.
    param([hashtable]$Context)
    $server = $Context.ExchangeServer
    $org = $null
    if (-not $Context.IsEdge) { $org = Invoke-ExwizSection 'organization' $Context.Errors { Get-OrganizationConfig -ErrorAction Stop } }
    # The organisation section reads the public-folder hierarchy from it: one round trip.
    $Context.OrganizationConfig = $org
    $proxy = ConvertTo-ExwizString (Get-ExwizProperty $server 'InternetWebProxy')
    $Context.InternetWebProxy = $proxy
    return [ordered]@{
        orgMitigationsEnabled    = ConvertTo-ExwizBool (Get-ExwizProperty $org 'MitigationsEnabled')
        serverMitigationsEnabled = ConvertTo-ExwizBool (Get-ExwizProperty $server 'MitigationsEnabled')
        mitigationsApplied       = ConvertTo-ExwizStringArray (Get-ExwizProperty $server 'MitigationsApplied')
        mitigationsBlocked       = ConvertTo-ExwizStringArray (Get-ExwizProperty $server 'MitigationsBlocked')
        dataCollectionEnabled    = ConvertTo-ExwizBool (Get-ExwizProperty $server 'DataCollectionEnabled')
        internetWebProxy         = $proxy
    }
}

function Get-ExwizCertificateFacts {
    # Get-ExchangeCertificate, each marked current/next Auth certificate from Get-AuthConfig (not on Edge).
    param([hashtable]$Context)
    $auth = $null
    if (-not $Context.IsEdge) { $auth = Invoke-ExwizSection 'auth-config' $Context.Errors { Get-AuthConfig -ErrorAction Stop } }
    $Context.AuthConfig = $auth
    $currentAuth = [string](Get-ExwizProperty $auth 'CurrentCertificateThumbprint')
    $nextAuth = [string](Get-ExwizProperty $auth 'NextCertificateThumbprint')
    $list = New-Object System.Collections.ArrayList
    foreach ($certificate in @(Get-ExchangeCertificate -Server $Context.ServerName -ErrorAction Stop)) {
        if ($null -ne $certificate) { [void]$list.Add((ConvertTo-ExwizCertificateFacts -Certificate $certificate -CurrentAuth $currentAuth -NextAuth $nextAuth)) }
    }
    return , $list.ToArray()
}

function Get-ExwizAuthCertificateFacts {
    # The organisation's Auth certificate as Get-AuthConfig names it, and whether this server holds it.
    param([hashtable]$Context)
    $auth = $Context.AuthConfig
    if ($null -eq $auth) { return $null }
    $current = $null
    $certificates = $Context.Parts['certificates']
    if ($null -ne $certificates) { $current = @($certificates | Where-Object { $_.isCurrentAuth }) | Select-Object -First 1 }
    $notAfter = $null
    if ($null -ne $current) { $notAfter = $current.notAfter }
    return [ordered]@{
        currentThumbprint = ConvertTo-ExwizString (Get-ExwizProperty $auth 'CurrentCertificateThumbprint')
        nextThumbprint    = ConvertTo-ExwizString (Get-ExwizProperty $auth 'NextCertificateThumbprint')
        nextEffectiveDate = ConvertTo-ExwizIsoDate (Get-ExwizProperty $auth 'NextCertificateEffectiveDate')
        foundOnServer     = ($null -ne $current)
        notAfter          = $notAfter
    }
}

function Get-ExwizMaintenanceFacts {
    # Server components not Active, and (not on Edge) the DAG and its activation settings
    # from Get-MailboxServer; $null when the component states could not be read.
    param([hashtable]$Context)
    $serverName = $Context.ServerName
    $inactive = Invoke-ExwizSection 'maintenance' $Context.Errors {
        $list = New-Object System.Collections.ArrayList
        foreach ($component in @(Get-ServerComponentState -Identity $serverName -ErrorAction Stop)) {
            $name = [string](Get-ExwizProperty $component 'Component')
            $state = [string](Get-ExwizProperty $component 'State')
            # Health Checker skips these two: they are Inactive on every on-premises server.
            if ($name -eq 'ForwardSyncDaemon' -or $name -eq 'ProvisioningRps') { continue }
            if ($state -ne 'Active') { [void]$list.Add([ordered]@{ component = $name; state = $state }) }
        }
        , $list.ToArray()
    }
    $mailbox = $null
    if (-not $Context.IsEdge) { $mailbox = Invoke-ExwizSection 'mailbox-server' $Context.Errors { Get-MailboxServer -Identity $serverName -ErrorAction Stop } }
    $dagName = ConvertTo-ExwizString (Get-ExwizProperty $mailbox 'DatabaseAvailabilityGroup')
    # The server-side collection asks the cluster about DAG members only.
    $Context.DagName = $dagName
    if ($null -eq $inactive) { return $null }
    return [ordered]@{
        inactiveComponents                       = $inactive
        dagName                                  = $dagName
        clusterNodeState                         = $null
        databaseCopyAutoActivationPolicy         = ConvertTo-ExwizString (Get-ExwizProperty $mailbox 'DatabaseCopyAutoActivationPolicy')
        databaseCopyActivationDisabledAndMoveNow = ConvertTo-ExwizBool (Get-ExwizProperty $mailbox 'DatabaseCopyActivationDisabledAndMoveNow')
    }
}

function Get-ExwizPreflightMailboxFacts {
    # Arbitration mailboxes whose database no longer exists: Setup fails on them
    # for the Mailbox role (SetupAssist's "Valid Home MDB"). Not on Edge.
    param([hashtable]$Context)
    if ($Context.IsEdge) { return [ordered]@{ orphanedArbitrationMailboxes = $null } }
    $orphaned = Invoke-ExwizSection 'preflight-mailboxes' $Context.Errors {
        $databases = New-Object 'System.Collections.Generic.HashSet[string]' ([System.StringComparer]::OrdinalIgnoreCase)
        foreach ($database in @(Get-MailboxDatabase -ErrorAction Stop)) {
            if ($null -ne $database) { [void]$databases.Add([string](Get-ExwizProperty $database 'Name')) }
        }
        $list = New-Object System.Collections.ArrayList
        foreach ($mailbox in @(Get-Mailbox -Arbitration -ResultSize Unlimited -ErrorAction Stop)) {
            if ($null -eq $mailbox) { continue }
            $value = Get-ExwizProperty $mailbox 'Database'
            # A live object's Database is an ADObjectId (its Name); a deserialized one is the name as text.
            $name = ConvertTo-ExwizString (Get-ExwizProperty $value 'Name')
            if ($null -eq $name) { $name = ConvertTo-ExwizString $value }
            if ($null -eq $name -or -not $databases.Contains($name)) {
                [void]$list.Add([ordered]@{ name = [string](Get-ExwizProperty $mailbox 'Name'); database = $name })
            }
        }
        , $list.ToArray()
    }
    return [ordered]@{ orphanedArbitrationMailboxes = $orphaned }
}

function Get-ExwizOrganisationFacts {
    # What the plan needs of the organisation rather than of this server: where
    # the public-folder hierarchy mailbox lives (Extended Protection must wait
    # while it is on Exchange 2016 CU22 / 2019 CU11 or older) and whether the
    # organisation is hybrid (Get-HybridConfiguration and the send connectors;
    # the Exchange Online side is not readable from here). Each part that fails
    # is $null with its own section error. Not on Edge.
    param([hashtable]$Context)
    $org = $Context.OrganizationConfig
    $hierarchy = $null
    if ($null -ne $org) {
        $hierarchy = Invoke-ExwizSection 'public-folders' $Context.Errors {
            $guid = Get-ExwizHierarchyMailboxGuid (Get-ExwizProperty $org 'RootPublicFolderMailbox')
            $found = [ordered]@{ hierarchyMailboxGuid = $guid; mailbox = $null; database = $null; server = $null }
            if ($null -ne $guid) {
                $mailbox = @(Get-Mailbox -PublicFolder -Identity $guid -ErrorAction Stop)[0]
                $found.mailbox = ConvertTo-ExwizString (Get-ExwizProperty $mailbox 'Name')
                $database = Get-ExwizProperty $mailbox 'Database'
                # A live object's Database is an ADObjectId (its Name); a deserialized one is the name as text.
                $found.database = ConvertTo-ExwizString (Get-ExwizProperty $database 'Name')
                if ($null -eq $found.database) { $found.database = ConvertTo-ExwizString $database }
                $found.server = ConvertTo-ExwizString (Get-ExwizProperty $mailbox 'ServerName')
            }
            $found
        }
    }
    $hybrid = Invoke-ExwizSection 'hybrid-configuration' $Context.Errors {
        $list = New-Object System.Collections.ArrayList
        foreach ($item in @(Get-HybridConfiguration -ErrorAction Stop)) {
            if ($null -eq $item) { continue }
            [void]$list.Add([ordered]@{
                    domains                   = ConvertTo-ExwizStringArray (Get-ExwizProperty $item 'Domains')
                    sendingTransportServers   = ConvertTo-ExwizStringArray (Get-ExwizProperty $item 'SendingTransportServers')
                    receivingTransportServers = ConvertTo-ExwizStringArray (Get-ExwizProperty $item 'ReceivingTransportServers')
                    onPremisesSmartHost       = ConvertTo-ExwizString (Get-ExwizProperty $item 'OnPremisesSmartHost')
                    tlsCertificateName        = ConvertTo-ExwizString (Get-ExwizProperty $item 'TlsCertificateName')
                })
        }
        , $list.ToArray()
    }
    $connectors = Invoke-ExwizSection 'send-connectors' $Context.Errors {
        $list = New-Object System.Collections.ArrayList
        foreach ($item in @(Get-SendConnector -ErrorAction Stop)) {
            if ($null -eq $item) { continue }
            [void]$list.Add([ordered]@{
                    name                     = [string](Get-ExwizProperty $item 'Name')
                    enabled                  = ConvertTo-ExwizBool (Get-ExwizProperty $item 'Enabled')
                    addressSpaces            = ConvertTo-ExwizStringArray (Get-ExwizProperty $item 'AddressSpaces')
                    smartHosts               = ConvertTo-ExwizStringArray (Get-ExwizProperty $item 'SmartHosts')
                    cloudServicesMailEnabled = ConvertTo-ExwizBool (Get-ExwizProperty $item 'CloudServicesMailEnabled')
                    sourceTransportServers   = ConvertTo-ExwizStringArray (Get-ExwizProperty $item 'SourceTransportServers')
                })
        }
        , $list.ToArray()
    }
    return [ordered]@{ publicFolderHierarchy = $hierarchy; hybridConfigurations = $hybrid; sendConnectors = $connectors }
}

function Get-ExwizOutlookAnywhereFacts {
    # Outlook Anywhere of this server (its "Rpc (Default Web Site)" virtual
    # directory): SSLOffloading must be off before Extended Protection is on
    # (ExchangeExtendedProtectionManagement.ps1 refuses otherwise). The AD
    # properties only, as that script reads them: no IIS round trip. No
    # virtual directory at all is an error (not read), never "no offloading".
    # Not on Edge.
    param([hashtable]$Context)
    $all = @(Get-OutlookAnywhere -Server $Context.ServerName -ADPropertiesOnly -ErrorAction Stop | Where-Object { $null -ne $_ })
    if ($all.Count -eq 0) { throw ('Get-OutlookAnywhere returned no Outlook Anywhere virtual directory for ' + $Context.ServerName + '.') }
    $rpc = @($all | Where-Object { [string](Get-ExwizProperty $_ 'Name') -eq 'Rpc (Default Web Site)' }) | Select-Object -First 1
    if ($null -eq $rpc) { $rpc = $all[0] }
    return [ordered]@{
        identity                  = ConvertTo-ExwizString (Get-ExwizProperty $rpc 'Identity')
        sslOffloading             = ConvertTo-ExwizBool (Get-ExwizProperty $rpc 'SSLOffloading')
        internalClientsRequireSsl = ConvertTo-ExwizBool (Get-ExwizProperty $rpc 'InternalClientsRequireSsl')
        externalClientsRequireSsl = ConvertTo-ExwizBool (Get-ExwizProperty $rpc 'ExternalClientsRequireSsl')
    }
}
