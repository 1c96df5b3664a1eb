# Builds the demo organisation's lab folder from organisation.json.
#
#   New-DemoLab.ps1 -OrganisationFile organisation.json -OutputDirectory <dir> [-Now <ISO time>]
#
# Writes one folder per server in the layout of the Health Checker captures
# (Exchange/*.xml, OS/*.xml as CliXml, Exchange/IIS/applicationHost.config,
# Exchange/Logging/MitigationService/*.log) plus lab.json for what the captures
# do not hold (registry, events, OCS answer, simulated failures); see
# resources/powershell/lab/ExwizLab.psm1. Dates are computed from -Now, so the
# demo shows the same picture whenever it is generated.
#
# Returns @{ directory; servers = @(names) }. Valid on Windows PowerShell 5.1 and 7.

param(
    [Parameter(Mandatory = $true)][string]$OrganisationFile,
    [Parameter(Mandatory = $true)][string]$OutputDirectory,
    [string]$Now
)

$ErrorActionPreference = 'Stop'
# Strict mode stays off: it edits captured Exchange objects, which lack what their server did not
# report; a property missing there must read as $null, not stop the script.
Set-StrictMode -Off

$clock = [DateTime]::UtcNow
if ($Now) { $clock = [DateTime]::Parse($Now, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal) }
$clock = [DateTime]::SpecifyKind($clock, [DateTimeKind]::Utc)
$organisation = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($OrganisationFile))

function Get-Value {
    param($Object, [string]$Name, $Default = $null)
    if ($null -eq $Object) { return $Default }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $Default }
    return $property.Value
}

function New-Capture {
    # A property bag named like the real object once it has crossed a remote
    # session ("Deserialized.<type>"); naming it <type> itself would make
    # Export-Clixml apply that type's serialisation rules to a property bag.
    param([string]$TypeName, [System.Collections.IDictionary]$Properties)
    $object = New-Object PSObject -Property $Properties
    if ($TypeName) { $object.PSObject.TypeNames.Insert(0, 'Deserialized.' + $TypeName) }
    return $object
}

function Save-Capture {
    param([string]$Folder, [string]$Name, $Objects)
    $path = [System.IO.Path]::Combine($Folder, $Name)
    [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($path))
    @($Objects) | Export-Clixml -LiteralPath $path -Depth 4 -Encoding UTF8
}

function Get-Thumbprint {
    param([string]$Seed)
    $sha = [System.Security.Cryptography.SHA1]::Create()
    try {
        $hash = $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Seed))
    } finally {
        $sha.Dispose()
    }
    return (($hash | ForEach-Object { $_.ToString('X2') }) -join '')
}

function ConvertTo-DottedBuild {
    # "15.02.0986.036" -> 15, 2, 986, 36
    param([string]$FileVersion)
    return @($FileVersion.Split('.') | ForEach-Object { [int]$_ })
}

$domain = [string]$organisation.organisation.domain
$authSpec = $organisation.organisation.authCertificate
$authThumbprint = Get-Thumbprint ('auth|' + $domain)
$authCertificate = [ordered]@{
    Thumbprint         = $authThumbprint
    Subject            = [string]$authSpec.subject
    Issuer             = [string]$authSpec.subject
    NotBefore          = $clock.AddDays( - [double]$authSpec.issuedDaysAgo)
    NotAfter           = $clock.AddDays([double]$authSpec.expiresInDays)
    Services           = 'SMTP'
    IsSelfSigned       = $true
    Status             = 'Valid'
    PublicKeySize      = 2048
    SignatureAlgorithm = [pscustomobject]@{ FriendlyName = 'sha256RSA'; Value = '1.2.840.113549.1.1.11' }
    FriendlyName       = 'Microsoft Exchange Server Auth Certificate'
}

$critical = @('WinMgmt', 'W3Svc', 'IISAdmin', 'MpsSvc', 'RpcEptMapper', 'EventLog', 'MSExchangeADTopology', 'MSExchangeDelivery', 'MSExchangeFastSearch', 'MSExchangeFrontEndTransport', 'MSExchangeIS', 'MSExchangeRepl', 'MSExchangeRPC', 'MSExchangeServiceHost', 'MSExchangeSubmission', 'MSExchangeTransport', 'HostControllerService')
$common = @('MSExchangeAntispamUpdate', 'MSComplianceAudit', 'MSExchangeCompliance', 'MSExchangeDagMgmt', 'MSExchangeDiagnostics', 'MSExchangeEdgeSync', 'MSExchangeHM', 'MSExchangeHMRecovery', 'MSExchangeMailboxAssistants', 'MSExchangeMailboxReplication', 'MSExchangeThrottling', 'MSExchangeTransportLogSearch')
$edgeServices = @('WinMgmt', 'MpsSvc', 'RpcEptMapper', 'EventLog', 'ADAM_MSExchange', 'MSExchangeEdgeCredential', 'MSExchangeTransport', 'MSExchangeAntispamUpdate', 'MSExchangeDiagnostics', 'MSExchangeHM', 'MSExchangeHMRecovery', 'MSExchangeServiceHost', 'MSExchangeTransportLogSearch')
$components = @('ServerWideOffline', 'HubTransport', 'FrontendTransport', 'Monitoring', 'RecoveryActionsEnabled', 'AutoDiscoverProxy', 'ActiveSyncProxy', 'EcpProxy', 'EwsProxy', 'OwaProxy', 'RpsProxy', 'MapiProxy', 'HighAvailability', 'ForwardSyncDaemon', 'ProvisioningRps')
$vdirs = @('Default Web Site/OWA', 'Default Web Site/ECP', 'Default Web Site/EWS', 'Default Web Site/Microsoft-Server-ActiveSync', 'Default Web Site/mapi', 'Default Web Site/Autodiscover', 'Default Web Site/OAB', 'Exchange Back End/OWA', 'Exchange Back End/ECP', 'Exchange Back End/EWS', 'Exchange Back End/mapi/emsmdb', 'Exchange Back End/Autodiscover')
$schannel = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'

function Add-Tls {
    # "hardened": TLS 1.0/1.1 off, 1.2 on, .NET strong crypto (both registry views);
    # "enabled-zero": 1.0/1.1 off the way many admins do it, Enabled=0 only (no DisabledByDefault);
    # "misconfigured": 1.0/1.1 client left on, SchUseStrongCrypto unset.
    param([System.Collections.IDictionary]$Registry, [string]$Profile, [int]$OsBuild, [int]$ExchangeBuild)
    foreach ($version in @('1.0', '1.1')) {
        $off = @{ Enabled = 0; DisabledByDefault = 1 }
        if ($Profile -eq 'enabled-zero') { $off = @{ Enabled = 0 } }
        $Registry["$schannel\TLS $version\Server"] = $off
        if ($Profile -eq 'misconfigured') { $Registry["$schannel\TLS $version\Client"] = @{ Enabled = 1; DisabledByDefault = 0 } }
        else { $Registry["$schannel\TLS $version\Client"] = $off }
    }
    foreach ($side in @('Server', 'Client')) { $Registry["$schannel\TLS 1.2\$side"] = @{ Enabled = 1; DisabledByDefault = 0 } }
    # Exchange before 2019 CU15 does not support TLS 1.3: keep it off where Windows would turn it on.
    if ($OsBuild -ge 20348 -and $ExchangeBuild -lt 1748) {
        foreach ($side in @('Server', 'Client')) { $Registry["$schannel\TLS 1.3\$side"] = @{ Enabled = 0; DisabledByDefault = 1 } }
    }
    $net = @{ SystemDefaultTlsVersions = 1; SchUseStrongCrypto = 1 }
    if ($Profile -eq 'misconfigured') { $net = @{ SystemDefaultTlsVersions = 1 } }
    $Registry['HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'] = $net
    $Registry['HKLM:\SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v4.0.30319'] = $net
}

function Write-ApplicationHost {
    param([string]$Folder, [bool]$ExtendedProtection)
    $token = 'None'
    if ($ExtendedProtection) { $token = 'Require' }
    $builder = New-Object System.Text.StringBuilder
    [void]$builder.AppendLine('<?xml version="1.0" encoding="UTF-8"?>')
    [void]$builder.AppendLine('<configuration>')
    foreach ($vdir in $vdirs) {
        [void]$builder.AppendLine("    <location path=""$vdir"" overrideMode=""Allow"">")
        [void]$builder.AppendLine('        <system.webServer><security><authentication>')
        [void]$builder.AppendLine("            <windowsAuthentication enabled=""true""><extendedProtection tokenChecking=""$token"" /></windowsAuthentication>")
        [void]$builder.AppendLine('        </authentication></security></system.webServer>')
        [void]$builder.AppendLine('    </location>')
    }
    [void]$builder.AppendLine('</configuration>')
    $path = [System.IO.Path]::Combine($Folder, 'Exchange', 'IIS', 'applicationHost.config')
    [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($path))
    [System.IO.File]::WriteAllText($path, $builder.ToString())
}

function Write-MitigationLog {
    param([string]$Folder, $Entries)
    $logs = [System.IO.Path]::Combine($Folder, 'Exchange', 'Logging', 'MitigationService')
    [void][System.IO.Directory]::CreateDirectory($logs)
    $byDay = @{}
    foreach ($entry in @($Entries)) {
        if ($null -eq $entry) { continue }
        $time = $clock.AddDays( - [double]$entry.daysAgo)
        $day = $time.ToString('yyyyMMdd', [System.Globalization.CultureInfo]::InvariantCulture)
        if (-not $byDay.ContainsKey($day)) { $byDay[$day] = New-Object System.Collections.ArrayList }
        [void]$byDay[$day].Add(@{ time = $time; text = $time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", [System.Globalization.CultureInfo]::InvariantCulture) + ',' + [string]$entry.text })
    }
    foreach ($day in $byDay.Keys) {
        $lines = @($byDay[$day] | Sort-Object -Property { $_.time } | ForEach-Object { $_.text })
        $file = [System.IO.Path]::Combine($logs, "MitigationService_$day-1.log")
        [System.IO.File]::WriteAllLines($file, [string[]]$lines)
        $last = ($byDay[$day] | Sort-Object -Property { $_.time } | Select-Object -Last 1).time
        [System.IO.File]::SetLastWriteTimeUtc($file, $last)
    }
}

function Write-SetupLog {
    # C:\ExchangeSetupLogs\ExchangeSetup.log as the lab answers it (ExchangeSetupLogs/ExchangeSetup.log):
    # the install months ago, then (the demo night) a Setup that failed on a service it had
    # disabled, and after a "succeeded" the same Setup run again to the end. CRLF, UTF-8 with BOM.
    param([string]$Folder, [string]$Kind, [string]$Fqdn, [string]$Site, [string]$Version)
    $culture = [System.Globalization.CultureInfo]::InvariantCulture
    $script:setupLogLines = New-Object System.Collections.Generic.List[string]
    $script:setupLogTime = $clock.AddDays(-400)
    function Add-Line([int]$Level, [string]$Text) {
        $script:setupLogTime = $script:setupLogTime.AddMilliseconds(137)
        $script:setupLogLines.Add('[' + $script:setupLogTime.ToString('MM/dd/yyyy HH:mm:ss.ffff', $culture) + '] [' + $Level + '] ' + $Text)
    }
    function Add-Run([string]$Product, [string]$SetupVersion, [string]$Ending) {
        Add-Line 0 '**********************************************'
        Add-Line 0 ('Starting Microsoft Exchange Server ' + $Product + ' Setup')
        Add-Line 0 '**********************************************'
        Add-Line 0 ('Setup version: ' + $SetupVersion + '.')
        Add-Line 0 ('Logged on user: ' + $Fqdn.Split('.')[1].ToUpperInvariant() + '\Administrator.')
        Add-Line 0 "Command Line Parameter Name='mode', Value='Upgrade'."
        Add-Line 0 "Command Line Parameter Name='iacceptexchangeserverlicenseterms_diagnosticdataoff', Value=''."
        Add-Line 0 "Schema Update Required Status : 'False'."
        Add-Line 0 "Organization Configuration Update Required Status : 'False'."
        Add-Line 0 "Domain Configuration Update Required Status : 'False'."
        Add-Line 1 'Setup is validating the prerequisites'
        Add-Line 1 ('Evaluated [Setting:ComputerNameDnsFullyQualified] [HasException:False] [Value:"' + $Fqdn + '"] [ParentValue:"<NULL>"] [Thread:7] [Duration:00:00:00]')
        Add-Line 1 ('Evaluated [Setting:SiteName] [HasException:False] [Value:"' + $Site + '"] [ParentValue:"<NULL>"] [Thread:7] [Duration:00:00:00]')
        foreach ($rule in @('PendingRebootWindowsComponents', 'RebootPending', 'MSDTCStopped', 'IisUrlRewriteNotInstalled', 'RemoteRegException')) {
            Add-Line 1 ('Evaluated [Rule:' + $rule + '] [HasException:False] [Value:"False"] [ParentValue:"<NULL>"] [Thread:9] [Duration:00:00:00.0156250]')
        }
        Add-Line 1 'Ending processing Test-SetupPrerequisites'
        Add-Line 1 "Processing component 'Common Files' (Copying Exchange files)."
        Add-Line 1 'Beginning processing Install-ExchangeCommon'
        $script:setupLogTime = $script:setupLogTime.AddMinutes(23)
        Add-Line 1 "Processing component 'Mailbox role: Transport service' (Configuring Microsoft Exchange Server)."
        if ($Ending -eq 'failed') {
            Add-Line 2 'Executing:'
            $script:setupLogLines.Add('          Start-SetupService -ServiceName MSExchangeTransport')
            Add-Line 2 ('[ERROR] The following error was generated when "$error.Clear(); Start-SetupService -ServiceName MSExchangeTransport" was run: "System.InvalidOperationException: Cannot start service MSExchangeTransport on computer ''.''. ---> System.ComponentModel.Win32Exception: The service cannot be started, either because it is disabled or because it has no enabled devices associated with it')
            $script:setupLogLines.Add('   --- End of inner exception stack trace ---')
            Add-Line 2 '[ERROR-REFERENCE] Id=BridgeheadComponent___5a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6 Component=EXCHANGE14:\Current\Release\Shared\Datacenter\Setup'
            Add-Line 2 'Setup is stopping now because of one or more critical errors.'
            Add-Line 1 'Finished executing component tasks.'
            Add-Line 0 "The Exchange Server setup operation didn't complete. More details can be found in ExchangeSetup.log located in the <SystemDrive>:\ExchangeSetupLogs folder."
        } else {
            Add-Line 1 'Finished executing component tasks.'
            Add-Line 0 'The Exchange Server setup operation completed successfully.'
        }
        Add-Line 0 'End of Setup'
        Add-Line 0 '**********************************************'
    }
    Add-Run '2019' '15.2.1118.7' 'succeeded'
    $script:setupLogTime = $clock.AddHours(-2)
    Add-Run 'Subscription Edition' $Version 'failed'
    if ($Kind -eq 'succeeded') {
        $script:setupLogTime = $clock.AddMinutes(-50)
        Add-Run 'Subscription Edition' $Version 'succeeded'
    }
    $logs = [System.IO.Path]::Combine($Folder, 'ExchangeSetupLogs')
    [void][System.IO.Directory]::CreateDirectory($logs)
    $text = [string]::Join("`r`n", $script:setupLogLines.ToArray()) + "`r`n"
    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($logs, 'ExchangeSetup.log'), $text, (New-Object System.Text.UTF8Encoding $true))
}

[void][System.IO.Directory]::CreateDirectory($OutputDirectory)
# The AD levels discovery reads from Active Directory (ObservedAdLevels), as the lab's data.
$adSpec = $organisation.organisation.adLevels
if ($null -ne $adSpec) {
    $adLevels = [ordered]@{
        schemaRangeUpper          = $adSpec.schemaRangeUpper
        organisationObjectVersion = $adSpec.organisationObjectVersion
        domains                   = @($adSpec.domains | ForEach-Object { [ordered]@{ name = [string]$_.name; objectVersion = $_.objectVersion } })
        readAt                    = $clock.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
        error                     = $null
    }
    # The forest as Find-ExchangeServersInAd.ps1 reads it over LDAP (ObservedForest).
    $forestSpec = $organisation.organisation.forest
    if ($null -ne $forestSpec) {
        $adLevels.forest = [ordered]@{
            functionalLevel   = $forestSpec.functionalLevel
            domainControllers = @($forestSpec.domainControllers | ForEach-Object {
                    [ordered]@{ name = [string]$_.name; site = $_.site; operatingSystem = $_.operatingSystem; isGlobalCatalog = [bool]$_.isGlobalCatalog; isReadOnly = [bool]$_.isReadOnly; isSchemaMaster = [bool]$_.isSchemaMaster }
                })
            error             = $null
        }
    }
    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($OutputDirectory, 'ad-levels.json'), (ConvertTo-Json -InputObject $adLevels -Depth 4))
}
# Organisation-wide Exchange objects every Mailbox server's shell answers alike.
# publicFolders: { mailbox, database, server } of the hierarchy mailbox (absent: no public folders);
# hybrid: the Hybrid Configuration Wizard's object (absent: none); sendConnectors: every send connector.
$hierarchyGuid = [guid]::Empty
$publicFolderMailboxes = @()
$pfSpec = Get-Value $organisation.organisation 'publicFolders'
if ($null -ne $pfSpec) {
    $hierarchyGuid = [guid]([string]$pfSpec.guid)
    $publicFolderMailboxes = @(New-Capture 'Microsoft.Exchange.Data.Directory.Management.Mailbox' ([ordered]@{
                Name = [string]$pfSpec.mailbox; ExchangeGuid = $hierarchyGuid; Database = [string]$pfSpec.database; ServerName = ([string]$pfSpec.server).ToLowerInvariant()
                RecipientTypeDetails = 'PublicFolderMailbox'; IsRootPublicFolderMailbox = $true; IsExcludedFromServingHierarchy = $false
            }))
}
$hybridConfigurations = @()
$hybridSpec = Get-Value $organisation.organisation 'hybrid'
if ($null -ne $hybridSpec) {
    $hybridConfigurations = @(New-Capture 'Microsoft.Exchange.Data.Directory.SystemConfiguration.HybridConfiguration' ([ordered]@{
                Name = 'Hybrid Configuration'; Domains = [string[]]@($hybridSpec.domains); OnPremisesSmartHost = [string]$hybridSpec.onPremisesSmartHost
                SendingTransportServers = [string[]]@($hybridSpec.transportServers); ReceivingTransportServers = [string[]]@($hybridSpec.transportServers)
                TlsCertificateName = [string]$hybridSpec.tlsCertificateName; Features = [string[]]@('FreeBusy', 'MoveMailbox', 'Mailtips', 'MessageTracking', 'OwaRedirection', 'OnlineArchive', 'SecureMail', 'Photos')
            }))
}
$sendConnectors = @(foreach ($c in @(Get-Value $organisation.organisation 'sendConnectors' @())) {
        New-Capture 'Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig' ([ordered]@{
                Name = [string]$c.name; Identity = [string]$c.name; Enabled = $true; AddressSpaces = [string[]]@($c.addressSpaces); SmartHosts = [string[]]@(Get-Value $c 'smartHosts' @())
                CloudServicesMailEnabled = [bool](Get-Value $c 'cloudServicesMailEnabled' $false); SourceTransportServers = [string[]]@($c.sourceTransportServers); DNSRoutingEnabled = (@(Get-Value $c 'smartHosts' @()).Count -eq 0)
            })
    })

$names = New-Object System.Collections.ArrayList
foreach ($spec in $organisation.servers) {
    $name = [string]$spec.name
    [void]$names.Add($name)
    $folder = [System.IO.Path]::Combine($OutputDirectory, $name)
    if ([System.IO.Directory]::Exists($folder)) { [System.IO.Directory]::Delete($folder, $true) }
    [void][System.IO.Directory]::CreateDirectory($folder)
    $isEdge = ([string]$spec.role -eq 'Edge')
    $serverDomain = Get-Value $spec 'domain' $domain
    $site = Get-Value $spec 'site'
    $siteText = $null
    if ($site) { $siteText = "$domain/Configuration/Sites/$site" }
    $parts = ConvertTo-DottedBuild ([string]$spec.exSetup)
    $install = [string](Get-Value $spec 'installPath' 'C:\Program Files\Microsoft\Exchange Server\V15\')
    $mitigation = Get-Value $spec 'mitigation'

    # --- Exchange cmdlets
    $server = [ordered]@{
        Name                  = $name
        Fqdn                  = [string]$spec.fqdn
        Domain                = $serverDomain
        Site                  = $siteText
        ServerRole            = [string]$spec.role
        Edition               = [string]$spec.edition
        AdminDisplayVersion   = [string]$spec.adminDisplayVersion
        IsEdgeServer          = $isEdge
        IsMailboxServer       = (-not $isEdge)
        ExchangeVersion       = '0.1 (8.0.535.0)'
        MitigationsEnabled    = $null
        MitigationsApplied    = $null
        MitigationsBlocked    = $null
        DataCollectionEnabled = $null
        InternetWebProxy      = (Get-Value $spec 'internetWebProxy')
    }
    if ($null -ne $mitigation) {
        $server.MitigationsEnabled = [bool]$mitigation.serverEnabled
        $server.MitigationsApplied = [string[]]@($mitigation.applied)
        $server.MitigationsBlocked = [string[]]@()
        $server.DataCollectionEnabled = $true
    }
    Save-Capture $folder 'Exchange/GetExchangeServer.xml' (New-Capture 'Microsoft.Exchange.Data.Directory.Management.ExchangeServer' $server)
    Save-Capture $folder 'Exchange/ExSetup.xml' (New-Capture 'System.Diagnostics.FileVersionInfo' ([ordered]@{
                FileName = $install + 'bin\ExSetup.exe'; FileVersion = [string]$spec.exSetup; ProductVersion = [string]$spec.exSetup
                FileMajorPart = $parts[0]; FileMinorPart = $parts[1]; FileBuildPart = $parts[2]; FilePrivatePart = $parts[3]; ProductName = ('Microsoft' + [char]0x00AE + ' Exchange')
            }))

    $lab = [ordered]@{ server = @{ name = $name } }
    $simulate = Get-Value $spec 'simulate'
    if ($null -ne $simulate) {
        # An unreachable server: discovery still lists it (AD knows it), probing fails.
        $lab['simulate'] = @{ failure = [string]$simulate.failure }
        [System.IO.File]::WriteAllText([System.IO.Path]::Combine($folder, 'lab.json'), (ConvertTo-Json -InputObject $lab -Depth 8))
        continue
    }

    if (-not $isEdge) {
        Save-Capture $folder 'Exchange/GetOrganizationConfig.xml' (New-Capture 'Microsoft.Exchange.Data.Directory.Management.OrganizationConfig' ([ordered]@{
                    Name = [string]$organisation.organisation.name; MitigationsEnabled = [bool]$organisation.organisation.mitigationsEnabled
                    RootPublicFolderMailbox = (New-Capture 'Microsoft.Exchange.Data.PublicFolderInformation' ([ordered]@{ IsValid = ($hierarchyGuid -ne [guid]::Empty); HierarchyMailboxGuid = $hierarchyGuid; LockedForMigration = $false }))
                }))
        # The organisation's public-folder hierarchy mailbox, hybrid configuration and send connectors (empty: none).
        Save-Capture $folder 'Exchange/GetMailboxPublicFolder.xml' $publicFolderMailboxes
        Save-Capture $folder 'Exchange/GetHybridConfiguration.xml' $hybridConfigurations
        Save-Capture $folder 'Exchange/GetSendConnector.xml' $sendConnectors
        # Outlook Anywhere as Get-OutlookAnywhere -ADPropertiesOnly shows it; outlookAnywhere.sslOffloading
        # true is a server behind an SSL-offloading load balancer (default: off, SSL required).
        $offloading = [bool](Get-Value (Get-Value $spec 'outlookAnywhere') 'sslOffloading' $false)
        Save-Capture $folder 'Exchange/GetOutlookAnywhere.xml' (New-Capture 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ADRpcHttpVirtualDirectory' ([ordered]@{
                    Name = 'Rpc (Default Web Site)'; Identity = ($name + '\Rpc (Default Web Site)'); Server = $name; ServerName = $name
                    SSLOffloading = $offloading; InternalClientsRequireSsl = (-not $offloading); ExternalClientsRequireSsl = (-not $offloading)
                    ExternalHostname = 'mail.contoso.com'; InternalHostname = [string]$spec.fqdn; IISAuthenticationMethods = [string[]]@('Basic', 'Ntlm', 'Negotiate')
                }))
        Save-Capture $folder 'Exchange/GetAuthConfig.xml' (New-Capture 'Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthConfig' ([ordered]@{ CurrentCertificateThumbprint = $authThumbprint; NextCertificateThumbprint = $null; NextCertificateEffectiveDate = $null }))
        $dag = Get-Value $spec 'dag'
        Save-Capture $folder 'Exchange/GetMailboxServer.xml' (New-Capture 'Microsoft.Exchange.Data.Directory.Management.MailboxServer' ([ordered]@{ Name = $name; DatabaseAvailabilityGroup = $dag; DatabaseCopyAutoActivationPolicy = 'Unrestricted'; DatabaseCopyActivationDisabledAndMoveNow = $false }))
    }

    $certificates = New-Object System.Collections.ArrayList
    if (-not $isEdge) { [void]$certificates.Add((New-Capture 'Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate' $authCertificate)) }
    foreach ($c in @(Get-Value $spec 'certificates' @())) {
        $selfSigned = [bool](Get-Value $c 'selfSigned' $false)
        $issuer = [string](Get-Value $c 'issuer' $c.subject)
        if ($selfSigned) { $issuer = [string]$c.subject }
        [void]$certificates.Add((New-Capture 'Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate' ([ordered]@{
                        Thumbprint = (Get-Thumbprint ($name + '|' + $c.subject)); Subject = [string]$c.subject; Issuer = $issuer
                        NotBefore = $clock.AddDays( - [double]$c.issuedDaysAgo); NotAfter = $clock.AddDays([double]$c.expiresInDays)
                        Services = [string]$c.services; IsSelfSigned = $selfSigned; Status = 'Valid'; PublicKeySize = 2048
                        SignatureAlgorithm = [pscustomobject]@{ FriendlyName = 'sha256RSA'; Value = '1.2.840.113549.1.1.11' }
                    })))
    }
    Save-Capture $folder 'Exchange/GetExchangeCertificate.xml' $certificates.ToArray()

    $overrides = Get-Value $spec 'components'
    $states = foreach ($component in $components) {
        $state = 'Active'
        if ($component -eq 'ForwardSyncDaemon' -or $component -eq 'ProvisioningRps') { $state = 'Inactive' }
        $override = Get-Value $overrides $component
        if ($null -ne $override) { $state = [string]$override }
        New-Capture 'Microsoft.Exchange.Data.Directory.Management.ServerComponentStatePresentationObject' ([ordered]@{ Identity = $name; ServerFqdn = [string]$spec.fqdn; Component = $component; State = $state })
    }
    Save-Capture $folder 'Exchange/GetServerComponentState.xml' $states

    # --- Windows
    $os = $spec.os
    Save-Capture $folder 'OS/Win32_OperatingSystem.xml' (New-Capture 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_OperatingSystem' ([ordered]@{
                Caption = [string]$os.caption; Version = ('10.0.' + $os.build); BuildNumber = [string]$os.build
                LastBootUpTime = $clock.AddDays( - [double]$os.bootDaysAgo).ToLocalTime(); OSLanguage = 1033; SystemDrive = 'C:'; CSName = $name
            }))
    $disks = foreach ($d in @($spec.disks)) {
        $label = Get-Value $d 'label' ''
        New-Capture 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_LogicalDisk' ([ordered]@{ DeviceID = [string]$d.drive; DriveType = 3; Size = [long]([double]$d.sizeGB * 1GB); FreeSpace = [long]([double]$d.freeGB * 1GB); VolumeName = [string]$label })
    }
    Save-Capture $folder 'OS/Win32_LogicalDisk.xml' $disks

    # Remote Registry and MSDTC as Windows Server holds them (Setup needs both; Remote Registry starts on demand).
    $serviceNames = @($edgeServices) + @('RemoteRegistry', 'MSDTC')
    if (-not $isEdge) { $serviceNames = @($critical) + @($common) + @('Pla', 'BITS', 'MSExchangeImap4', 'MSExchangePop3', 'RemoteRegistry', 'MSDTC') }
    $services = foreach ($serviceName in $serviceNames) {
        $status = 'Running'; $start = 'Automatic'
        if ($serviceName -eq 'RemoteRegistry') { $status = 'Stopped' }
        if ($serviceName -eq 'Pla' -or $serviceName -eq 'BITS') { $start = 'Manual' }
        if ($serviceName -eq 'MSExchangeImap4' -or $serviceName -eq 'MSExchangePop3') { $status = 'Stopped'; $start = 'Manual' }
        # serviceStates: { name: [status, startType] }, e.g. what a failed Setup leaves (the demo night).
        $changed = Get-Value (Get-Value $spec 'serviceStates') $serviceName
        if ($null -ne $changed) { $status = [string]@($changed)[0]; $start = [string]@($changed)[1] }
        New-Capture 'System.ServiceProcess.ServiceController' ([ordered]@{ Name = $serviceName; DisplayName = $serviceName; Status = $status; StartType = $start })
    }
    $services = @($services)
    if ($null -ne $mitigation) {
        $state = @($mitigation.service)
        $changed = Get-Value (Get-Value $spec 'serviceStates') 'MSExchangeMitigation'
        if ($null -ne $changed) { $state = @($changed) }
        $services += New-Capture 'System.ServiceProcess.ServiceController' ([ordered]@{ Name = 'MSExchangeMitigation'; DisplayName = 'Microsoft Exchange Emergency Mitigation Service'; Status = [string]$state[0]; StartType = [string]$state[1] })
    }
    Save-Capture $folder 'OS/GetService.xml' $services

    # Local Administrators as Get-LocalGroupMember -SID S-1-5-32-544 lists them; an
    # Edge server in a workgroup has only local accounts.
    $netbios = ([string]$domain).Split('.')[0].ToUpperInvariant()
    $members = @('Domain Admins', 'Exchange Trusted Subsystem', 'Organization Management')
    if ($isEdge) { $members = @() }
    if ((Get-Value $spec 'trustedSubsystemInAdministrators' $true) -eq $false) { $members = @($members | Where-Object { $_ -ne 'Exchange Trusted Subsystem' }) }
    $admins = @($members | ForEach-Object { New-Capture 'Microsoft.PowerShell.Commands.LocalPrincipal' ([ordered]@{ Name = "$netbios\$_"; ObjectClass = 'Group'; PrincipalSource = 'ActiveDirectory' }) })
    $admins += New-Capture 'Microsoft.PowerShell.Commands.LocalPrincipal' ([ordered]@{ Name = "$name\Administrator"; ObjectClass = 'User'; PrincipalSource = 'Local' })
    Save-Capture $folder 'Exchange/GetLocalGroupMember.xml' $admins

    # --- Pre-flight: the organisation's arbitration mailboxes and databases, the account's groups
    if (-not $isEdge) {
        $databaseList = @(Get-Value $organisation.organisation 'mailboxDatabases' @() | ForEach-Object { New-Capture 'Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase' ([ordered]@{ Name = [string]$_ }) })
        Save-Capture $folder 'Exchange/GetMailboxDatabase.xml' $databaseList
        $arbitration = @(Get-Value $organisation.organisation 'arbitrationMailboxes' @() | ForEach-Object { New-Capture 'Microsoft.Exchange.Data.Directory.Management.Mailbox' ([ordered]@{ Name = [string]$_.name; Database = [string]$_.database; RecipientTypeDetails = 'ArbitrationMailbox' }) })
        Save-Capture $folder 'Exchange/GetMailboxArbitration.xml' $arbitration
    }

    # --- lab.json: what no capture holds
    $registry = [ordered]@{}
    $registry['HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup'] = @{ MsiInstallPath = $install }
    if ($isEdge) { $registry['HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\EdgeTransportRole'] = @{} }
    $registry['HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full'] = @{ Release = [int]$spec.dotNetRelease }
    $registry['HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'] = @{ ProductName = ([string]$os.caption -replace '^Microsoft ', ''); InstallationType = 'Server'; CurrentBuild = [string]$os.build; UBR = [int]$os.ubr }
    $vcIds = @{ '2012' = '{2F8D7B91-6E55-4B1C-8F39-0D9D0A6F2012}'; '2013' = '{7D5E4B3C-1A2B-4C5D-9E8F-0A1B2C3D2013}' }
    $vc = Get-Value $spec 'vcRedist'
    foreach ($year in @('2012', '2013')) {
        $version = Get-Value $vc $year
        if ($null -eq $version) { continue }
        $registry["HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\$($vcIds[$year])"] = @{ DisplayName = "Microsoft Visual C++ $year x64 Additional Runtime - $version"; DisplayVersion = [string]$version }
    }
    foreach ($pair in @(@('ucma', 'HKLM:\SOFTWARE\Microsoft\UCMA\{902F4F35-D5DC-4363-8671-D5EF0D26C21D}', '5.0.8308.0'), @('urlRewrite', 'HKLM:\SOFTWARE\Microsoft\IIS Extensions\URL Rewrite', '7.2.1993'))) {
        $property = $spec.PSObject.Properties[$pair[0]]
        if ($null -ne $property -and $null -eq $property.Value) { $registry[$pair[1]] = $null }
        else { $registry[$pair[1]] = @{ Version = [string](Get-Value $spec $pair[0] $pair[2]) } }
    }
    $reboot = @(Get-Value $spec 'rebootPending' @())
    if ($reboot -contains 'PendingFileRenameOperations') { $registry['HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager'] = @{ PendingFileRenameOperations = @('\??\C:\Windows\Temp\exchange-setup.tmp', '') } }
    if ($reboot -contains 'ComponentBasedServicing') { $registry['HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending'] = @{} }
    if ($reboot -contains 'WindowsUpdateAutoUpdate') { $registry['HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'] = @{} }
    if ($reboot -contains 'UpdateExeVolatile') { $registry['HKLM:\SOFTWARE\Microsoft\Updates'] = @{ UpdateExeVolatile = 1 } }
    $product = 'Exchange 2019'
    if ($parts[1] -eq 1) { $product = 'Exchange 2016' }
    foreach ($update in @(Get-Value $spec 'installedUpdates' @())) {
        $kb = [regex]::Match([string]$update.packageName, 'KB\d+').Value
        if (-not $kb) { $kb = 'SU-' + (Get-Thumbprint $update.packageName).Substring(0, 8) }
        $registry["HKLM:\SOFTWARE\Microsoft\Updates\$product\$kb"] = @{ PackageName = [string]$update.packageName; InstalledDate = [string]$update.installedDate }
    }
    Add-Tls -Registry $registry -Profile ([string](Get-Value $spec 'tls' 'hardened')) -OsBuild ([int]$os.build) -ExchangeBuild $parts[2]
    # Any other registry value as the server holds it: "registry": { "<HKLM key>": { "<value>": data } } (the key replaces a generated one).
    $extra = Get-Value $spec 'registry'
    if ($null -ne $extra) {
        foreach ($key in $extra.PSObject.Properties) {
            $values = [ordered]@{}
            foreach ($value in $key.Value.PSObject.Properties) { $values[$value.Name] = $value.Value }
            $registry[$key.Name] = $values
        }
    }
    # Windows Installer's record of the Exchange product (the CU's own build) and its cached .msi.
    $cuBuild = ([regex]::Match([string]$spec.adminDisplayVersion, 'Version (\d+\.\d+) \(Build (\d+\.\d+)\)')).Groups
    if ($cuBuild.Count -eq 3 -and $cuBuild[1].Success) {
        $package = 'C:\Windows\Installer\' + (Get-Thumbprint ($name + '|msi')).Substring(0, 6).ToLowerInvariant() + '.msi'
        $registry['HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Installer\UserData\S-1-5-18\Products\442189DC8B9EA5040962A6BED9FC1E1F\InstallProperties'] = [ordered]@{ DisplayName = 'Microsoft Exchange Server'; DisplayVersion = ($cuBuild[1].Value + '.' + $cuBuild[2].Value); LocalPackage = $package }
        if ((Get-Value $spec 'installerCacheMissing' $false) -eq $true) { $lab['missingInstallerFiles'] = @($package) }
    }
    $lab['registry'] = $registry
    $policy = Get-Value $spec 'executionPolicy'
    if ($null -ne $policy) {
        $lab['executionPolicy'] = [ordered]@{}
        foreach ($p in $policy.PSObject.Properties) { if ($p.Name -ne '$comment') { $lab['executionPolicy'][$p.Name] = [string]$p.Value } }
    }
    $account = Get-Value $organisation.organisation 'setupAccount'
    if ($isEdge) {
        # An Edge server in a workgroup: a local administrator.
        $lab['account'] = [ordered]@{ name = "$name\Administrator"; sid = 'S-1-5-21-1004336348-1177238915-682003330-500'; groups = @([ordered]@{ name = 'BUILTIN\Administrators'; sid = 'S-1-5-32-544' }) }
    } elseif ($null -ne $account) {
        $groups = @([ordered]@{ name = 'BUILTIN\Administrators'; sid = 'S-1-5-32-544' })
        foreach ($g in @($account.groups)) { $groups += [ordered]@{ name = [string]$g[0]; sid = ([string]$account.domainSid + '-' + [string]$g[1]) } }
        $lab['account'] = [ordered]@{ name = [string]$account.name; sid = ([string]$account.domainSid + '-' + [string]$account.rid); groups = $groups }
    }
    $winHttp = Get-Value $spec 'winHttpProxy'
    if ($null -ne $winHttp) { $lab['winHttpProxy'] = [string]$winHttp }
    $ocs = Get-Value $spec 'ocs'
    if ($null -ne $ocs) {
        $lab['ocs'] = [ordered]@{}
        foreach ($p in $ocs.PSObject.Properties) { $lab['ocs'][$p.Name] = $p.Value }
    }
    $events = foreach ($e in @(Get-Value $spec 'events1008' @())) {
        [ordered]@{ id = 1008; providerName = 'MSExchange Mitigation Service'; timeCreated = $clock.AddDays( - [double]$e.daysAgo).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture); message = [string]$e.message }
    }
    $lab['events'] = @($events)
    $clusterState = Get-Value $spec 'clusterNodeState'
    if ($null -ne $clusterState) { $lab['clusterNodeState'] = [string]$clusterState }
    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($folder, 'lab.json'), (ConvertTo-Json -InputObject $lab -Depth 8))

    if (-not $isEdge) {
        Write-ApplicationHost -Folder $folder -ExtendedProtection ([bool](Get-Value $spec 'extendedProtection' $false))
        Write-MitigationLog -Folder $folder -Entries (Get-Value $spec 'eemsLog' @())
        # setupLog ('failed' | 'succeeded'): the demo night's Setup runs on this server.
        $setupLog = [string](Get-Value $spec 'setupLog' '')
        if ($setupLog) { Write-SetupLog -Folder $folder -Kind $setupLog -Fqdn ($name.ToLowerInvariant() + '.' + $serverDomain) -Site ([string](Get-Value $spec 'site' 'Default-First-Site-Name')) -Version ([string](Get-Value $spec 'setupLogVersion' '15.2.2562.17')) }
    }
}

return @{ directory = [System.IO.Path]::GetFullPath($OutputDirectory); servers = $names.ToArray() }
