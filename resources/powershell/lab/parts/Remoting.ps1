# Part of the fake Exchange server (ExwizLab.psm1), dot-sourced into its module scope.
# Sessions, Invoke-Command and the connection failures the lab simulates.
# Function definitions only. Valid on Windows PowerShell 5.1 and PowerShell 7.

# ------------------------------------------------------------- remoting ----

function Get-LabFailure { return [string](Get-LabSetting 'simulate' @{})['failure'] }

function New-LabTransportError {
    param([string]$Computer, [string]$Text, [int]$Code)
    $message = "Connecting to remote server $Computer failed with the following error message : $Text For more information, see the about_Remote_Troubleshooting Help topic."
    $exception = New-Object System.Management.Automation.Remoting.PSRemotingTransportException $message
    $exception.ErrorCode = $Code
    return New-LabError -Message $message -ErrorId 'PSSessionOpenFailed' -Category OpenError -Target $Computer -Exception $exception
}

function Get-LabThisComputer {
    # Which lab server the wizard runs on ("thisComputer": { "name", "elevated" } in lab.json or
    # the configuration): the one-server office, where the admin starts the wizard on the
    # Exchange server itself. $null: a jump box, as every lab was before.
    $entry = Get-LabSetting 'thisComputer' $null
    if ($null -eq $entry -or -not $entry.ContainsKey('name')) { return $null }
    $name = [string]$entry['name']
    $folder = $null
    if (Test-LabServerFolder -Path $script:Root) {
        $folder = $script:Root
    } else {
        $candidate = [System.IO.Path]::Combine($script:Root, $name)
        if ([System.IO.Directory]::Exists($candidate)) { $folder = $candidate }
    }
    $elevated = $true
    if ($entry.ContainsKey('elevated')) { $elevated = [bool]$entry['elevated'] }
    return [pscustomobject]@{ name = $name; elevated = $elevated; folder = $folder }
}

function Test-LabLoopbackDenied {
    # Remoting back to this computer without elevation: WinRM's default endpoint admits
    # administrators only, and UAC gives a local logon a filtered token, so Windows answers
    # "Access is denied" (about_Remote_Troubleshooting). The Exchange shell (IIS) is not affected.
    param([string]$Computer)
    $labComputer = Get-LabThisComputer
    if ($null -eq $labComputer -or $labComputer.elevated) { return $false }
    $short = ([string]$Computer).Split('.')[0]
    return $short -ieq $labComputer.name -or $Computer -ieq 'localhost' -or $Computer -eq '127.0.0.1'
}

function Test-LabCredential {
    # A workgroup server ("workgroup": { "userName", "password" } in lab.json or the configuration)
    # takes only its own local account: $null when the sign-in works, else the error Windows gives.
    param([string]$Computer, $Credential)
    $workgroup = Get-LabSetting 'workgroup' $null
    if ($null -eq $workgroup) { return $null }
    if ($null -eq $Credential) {
        return New-LabTransportError -Computer $Computer -Code -2144108387 -Text 'WinRM cannot process the request. The following error with errorcode 0x80090311 occurred while using Kerberos authentication: There are currently no logon servers available to service the logon request. Possible causes are: -The user name or password specified are invalid. -Kerberos is used when no authentication method and no user name are specified. -Kerberos accepts domain user names, but not local user names. -The Service Principal Name (SPN) for the remote computer name and port does not exist. -The client and remote computers are in different domains and there is no trust between the two domains. After checking for the above issues, try the following: -Check the Event Viewer for events related to authentication. -Change the authentication method; add the destination computer to the WinRM TrustedHosts configuration setting or use HTTPS transport.'
    }
    $given = $Credential.GetNetworkCredential()
    if ($Credential.UserName -ne [string]$workgroup['userName'] -or $given.Password -ne [string]$workgroup['password']) {
        return New-LabTransportError -Computer $Computer -Code 5 -Text 'Access is denied.'
    }
    return $null
}

function Get-LabConnectionError {
    # The error a real client gets for the simulated failure, or $null.
    # http-closed: the Exchange shell answers only over HTTPS (port 80 closed), and this
    # computer has a WinHTTP proxy, which WSMan uses for HTTPS unless told NoProxyServer
    # (for HTTP it always connects directly) and which cannot reach the server.
    param([string]$Computer, [bool]$ExchangeEndpoint, $SessionOption, [string]$Scheme = 'http', $Credential = $null)
    $unreachable = 'WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer.'
    if (-not $ExchangeEndpoint -and (Test-LabLoopbackDenied -Computer $Computer)) {
        return New-LabTransportError -Computer $Computer -Code 5 -Text 'Access is denied.'
    }
    if (-not $ExchangeEndpoint) {
        $signIn = Test-LabCredential -Computer $Computer -Credential $Credential
        if ($null -ne $signIn) { return $signIn }
    }
    switch (Get-LabFailure) {
        'http-closed' {
            $direct = $null -ne $SessionOption -and [string]$SessionOption.ProxyAccessType -eq 'NoProxyServer'
            if ($ExchangeEndpoint -and ($Scheme -eq 'http' -or -not $direct)) { return New-LabTransportError -Computer $Computer -Code -2144108250 -Text $unreachable }
        }
        'access-denied' { return New-LabTransportError -Computer $Computer -Code 5 -Text 'Access is denied.' }
        'winrm-unreachable' {
            return New-LabTransportError -Computer $Computer -Code -2144108250 -Text 'WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer. By default, the WinRM firewall exception for public profiles limits access to remote computers within the same local subnet.'
        }
        'name-not-resolved' {
            return New-LabTransportError -Computer $Computer -Code -2144108103 -Text 'The WinRM client cannot process the request because the server name cannot be resolved.'
        }
        'ems-missing' {
            if ($ExchangeEndpoint) {
                return New-LabTransportError -Computer $Computer -Code -2144108125 -Text 'The WinRM client sent a request to an HTTP server and got a response saying the requested HTTP URL was not available. This is usually returned by a HTTP server that does not support the WS-Management protocol.'
            }
        }
    }
    return $null
}

function New-PSSessionOption {
    [CmdletBinding()]
    param([int]$OpenTimeout, [int]$OperationTimeout, [int]$IdleTimeout, [switch]$SkipCACheck, [switch]$SkipCNCheck, [string]$ProxyAccessType = 'None')
    return [pscustomobject]@{ OpenTimeout = $OpenTimeout; OperationTimeout = $OperationTimeout; ProxyAccessType = $ProxyAccessType }
}

function New-PSSession {
    [CmdletBinding()]
    param(
        [string[]]$ComputerName,
        [string]$ConfigurationName,
        [Uri[]]$ConnectionUri,
        [string]$Authentication,
        $SessionOption,
        [switch]$AllowRedirection,
        [pscredential]$Credential,
        [switch]$UseSSL
    )
    Wait-LabLatency
    $target = [string]$ComputerName
    $scheme = 'http'
    if ($ConnectionUri) { $target = $ConnectionUri[0].Host; $scheme = $ConnectionUri[0].Scheme }
    $failure = Get-LabConnectionError -Computer $target -ExchangeEndpoint ($ConfigurationName -eq 'Microsoft.Exchange') -SessionOption $SessionOption -Scheme $scheme -Credential $Credential
    if ($null -ne $failure) { $PSCmdlet.ThrowTerminatingError($failure) }
    return [pscustomobject]@{ PSTypeName = 'ExwizLab.Session'; ComputerName = $target; ConfigurationName = $ConfigurationName; State = 'Opened' }
}

function Import-PSSession {
    # The fake's Exchange functions are already loaded: nothing to import.
    [CmdletBinding()]
    param($Session, [string[]]$CommandName, [switch]$AllowClobber, [switch]$DisableNameChecking)
    Wait-LabLatency
    if ((Get-LabFailure) -eq 'execution-policy') {
        # What Windows PowerShell says when Group Policy's AllSigned refuses the temporary module.
        $module = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'tmp_exwiz.lab', 'tmp_exwiz.lab.psm1')
        $message = "File $module cannot be loaded. The file $module is not digitally signed. You cannot run this script on the current system. For more information about running scripts and setting execution policy, see about_Execution_Policies at https://go.microsoft.com/fwlink/?LinkID=135170."
        $exception = New-Object System.Management.Automation.PSSecurityException $message
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message $message -ErrorId 'UnauthorizedAccess' -Category SecurityError -Target $module -Exception $exception))
    }
    return [pscustomobject]@{ PSTypeName = 'ExwizLab.ImportedSession'; Session = $Session }
}

function Remove-PSSession {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline = $true)]$Session)
    process { }
}

function Invoke-Command {
    # Runs the script block here, in the lab, with the fake commands in scope.
    [CmdletBinding()]
    param(
        [string[]]$ComputerName,
        $Session,
        [scriptblock]$ScriptBlock,
        [object[]]$ArgumentList = @(),
        $SessionOption,
        [string]$Authentication,
        [pscredential]$Credential,
        [switch]$UseSSL
    )
    Wait-LabLatency
    $target = [string]$ComputerName
    $failure = Get-LabConnectionError -Computer $target -ExchangeEndpoint $false -SessionOption $SessionOption -Credential $Credential
    if ($null -ne $failure) { $PSCmdlet.ThrowTerminatingError($failure) }
    $simulate = Get-LabSetting 'simulate' @{}
    switch (Get-LabFailure) {
        'timeout' {
            $seconds = 3600
            if ($simulate.ContainsKey('delaySeconds')) { $seconds = [int]$simulate['delaySeconds'] }
            Start-Sleep -Seconds $seconds
        }
        'malformed-output' {
            # What a logon banner or a profile script writing to the pipeline looks like.
            return 'Welcome to the server. Unauthorised access is prohibited.'
        }
        'constrained-language' {
            # The server's endpoint in ConstrainedLanguage mode (AppLocker or WDAC there) refuses the probe's .NET calls.
            $message = 'Cannot invoke method. Method invocation is supported only on core types in this language mode.'
            $PSCmdlet.ThrowTerminatingError((New-LabError -Message $message -ErrorId 'MethodInvocationNotSupportedInConstrainedLanguage' -Category InvalidOperation -Target $target))
        }
    }
    $script:LabOnServer = $true
    try { return & $ScriptBlock @ArgumentList } finally { $script:LabOnServer = $false }
}

function Add-PSSnapin {
    # Edge servers load the Exchange snap-in locally; the lab has its commands already.
    [CmdletBinding()]
    param([string[]]$Name)
}
