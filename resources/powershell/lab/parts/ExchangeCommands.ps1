# Part of the fake Exchange server (ExwizLab.psm1), dot-sourced into its module scope.
# Exchange cmdlets answered from captures.
# Function definitions only. Valid on Windows PowerShell 5.1 and PowerShell 7.

# ----------------------------------------------------- Exchange commands ----

function Get-LabServerFolders {
    if (-not $script:IsOrganisation) { return , @($script:Root) }
    $folders = New-Object System.Collections.ArrayList
    foreach ($dir in [System.IO.Directory]::GetDirectories($script:Root)) {
        if (Test-LabServerFolder -Path $dir) { [void]$folders.Add($dir) }
    }
    $sorted = @($folders | Sort-Object)
    return , $sorted
}

function Test-LabIdentity {
    param($Server, [string]$Identity)
    if ([string]::IsNullOrEmpty($Identity)) { return $true }
    foreach ($candidate in @($Server.Name, $Server.Fqdn, $Server.Identity)) {
        if ($null -ne $candidate -and [string]::Equals([string]$candidate, $Identity, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Get-ExchangeServer {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [switch]$Status)
    Wait-LabLatency
    $found = New-Object System.Collections.ArrayList
    foreach ($folder in (Get-LabServerFolders)) {
        $servers = Import-LabCapture -Slot 'Exchange/GetExchangeServer.xml' -Folder $folder
        foreach ($server in $servers) {
            if ($null -ne $server -and (Test-LabIdentity -Server $server -Identity $Identity)) {
                if ($script:IsOrganisation) {
                    # Tell discovery which folder holds this server's captures, on a
                    # copy: the parsed capture is kept for this runspace's next probes.
                    $server = Copy-LabObject -Object $server
                    $server | Add-Member -NotePropertyName ExwizLabFolder -NotePropertyValue $folder -Force
                }
                [void]$found.Add($server)
            }
        }
    }
    if ($found.Count -eq 0) {
        $message = "The operation couldn't be performed because object '$Identity' couldn't be found on '$($script:Root)'."
        if ([string]::IsNullOrEmpty($Identity)) { $message = "Get-ExchangeServer failed: the lab has no capture 'Exchange/GetExchangeServer.xml' in '$($script:Root)'." }
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message $message -ErrorId 'ExwizLabObjectNotFound' -Category ObjectNotFound -Target $Identity))
    }
    return $found.ToArray()
}

function Get-OrganizationConfig {
    [CmdletBinding()]
    param()
    Wait-LabLatency
    return (Get-RequiredCapture -Slot 'Exchange/GetOrganizationConfig.xml' -Command 'Get-OrganizationConfig' -Cmdlet $PSCmdlet)[0]
}

function Get-ExchangeCertificate {
    [CmdletBinding()]
    param([string]$Server, [string]$Thumbprint)
    Wait-LabLatency
    $all = Get-RequiredCapture -Slot 'Exchange/GetExchangeCertificate.xml' -Command 'Get-ExchangeCertificate' -Cmdlet $PSCmdlet
    if ($Thumbprint) { return @($all | Where-Object { [string]$_.Thumbprint -eq $Thumbprint }) }
    return $all
}

function Get-LocalGroupMember {
    # Local group members as Health Checker captured them (GetLocalGroupMember.xml;
    # the "2" variant lacks Exchange Trusted Subsystem).
    [CmdletBinding()]
    param([string]$SID, [string]$Name, $Group)
    Wait-LabLatency
    # One object per member down the pipeline, as the real cmdlet writes them.
    foreach ($member in @(Get-RequiredCapture -Slot 'Exchange/GetLocalGroupMember.xml' -Command 'Get-LocalGroupMember' -Cmdlet $PSCmdlet)) { $member }
}

function Get-AuthConfig {
    [CmdletBinding()]
    param()
    Wait-LabLatency
    return (Get-RequiredCapture -Slot 'Exchange/GetAuthConfig.xml' -Command 'Get-AuthConfig' -Cmdlet $PSCmdlet)[0]
}

function Get-ServerComponentState {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity)
    Wait-LabLatency
    $states = Get-RequiredCapture -Slot 'Exchange/GetServerComponentState.xml' -Command 'Get-ServerComponentState' -Cmdlet $PSCmdlet
    return $states
}

function Get-MailboxServer {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity)
    Wait-LabLatency
    return (Get-RequiredCapture -Slot 'Exchange/GetMailboxServer.xml' -Command 'Get-MailboxServer' -Cmdlet $PSCmdlet)[0]
}

function Get-ClusterNode {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Name)
    Wait-LabLatency
    $capture = Import-LabCapture -Slot 'Exchange/GetClusterNode.xml'
    if ($null -ne $capture) { return $capture[0] }
    $state = Get-LabSetting 'clusterNodeState'
    if ($null -eq $state) {
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message "Get-ClusterNode failed: the lab has no cluster node state for '$Name'." -ErrorId 'ExwizLabCaptureMissing' -Category ObjectNotFound -Target $Name))
    }
    return [pscustomobject]@{ Name = $Name; State = [string]$state }
}

function Get-MailboxDatabase {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [string]$Server)
    Wait-LabLatency
    $all = Get-RequiredCapture -Slot 'Exchange/GetMailboxDatabase.xml' -Command 'Get-MailboxDatabase' -Cmdlet $PSCmdlet
    return $all
}

function Get-Mailbox {
    # The arbitration mailboxes (the pre-flight) and the public-folder hierarchy
    # mailbox (the organisation section) are captured; nothing else is read.
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [switch]$Arbitration, [switch]$PublicFolder, $ResultSize)
    Wait-LabLatency
    if ($PublicFolder) {
        $mailboxes = Get-RequiredCapture -Slot 'Exchange/GetMailboxPublicFolder.xml' -Command 'Get-Mailbox -PublicFolder' -Cmdlet $PSCmdlet
        if ([string]::IsNullOrEmpty($Identity)) { return $mailboxes }
        $found = @($mailboxes | Where-Object { [string]$_.ExchangeGuid -eq $Identity -or [string]$_.Name -eq $Identity })
        if ($found.Count -eq 0) {
            $PSCmdlet.ThrowTerminatingError((New-LabError -Message "The operation couldn't be performed because object '$Identity' couldn't be found on '$($script:Root)'." -ErrorId 'ExwizLabObjectNotFound' -Category ObjectNotFound -Target $Identity))
        }
        return $found
    }
    if (-not $Arbitration) {
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message 'Get-Mailbox failed: the lab answers Get-Mailbox -Arbitration and -PublicFolder only.' -ErrorId 'ExwizLabCaptureMissing' -Category ObjectNotFound -Target $Identity))
    }
    $all = Get-RequiredCapture -Slot 'Exchange/GetMailboxArbitration.xml' -Command 'Get-Mailbox -Arbitration' -Cmdlet $PSCmdlet
    return $all
}

function Get-OutlookAnywhere {
    # This server's Outlook Anywhere virtual directories (Exchange/GetOutlookAnywhere.xml).
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [string]$Server, [switch]$ADPropertiesOnly)
    Wait-LabLatency
    return (Get-RequiredCapture -Slot 'Exchange/GetOutlookAnywhere.xml' -Command 'Get-OutlookAnywhere' -Cmdlet $PSCmdlet)
}

function Get-HybridConfiguration {
    # An empty capture is an organisation without hybrid: the cmdlet returns nothing.
    [CmdletBinding()]
    param()
    Wait-LabLatency
    return (Get-RequiredCapture -Slot 'Exchange/GetHybridConfiguration.xml' -Command 'Get-HybridConfiguration' -Cmdlet $PSCmdlet)
}

function Get-SendConnector {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity)
    Wait-LabLatency
    return (Get-RequiredCapture -Slot 'Exchange/GetSendConnector.xml' -Command 'Get-SendConnector' -Cmdlet $PSCmdlet)
}
