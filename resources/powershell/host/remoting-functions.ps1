# How the wizard's small read-only scripts (Read-SetupLog, Test-StagedFile, New-StagingFolder)
# reach one Exchange server, written once:
#  - on the Exchange server the wizard itself runs on (-OnThisComputer), the block runs in this
#    process: remoting back to itself would need WinRM's loopback and elevation twice;
#  - elsewhere, one Invoke-Command, signed in as the running account (Kerberos) or with the
#    "Connect as..." credential (Negotiate), never through the WinHTTP proxy (which cannot reach
#    an internal server; Health Checker connects the same way).
# Dot-sourced by those scripts from -ResourceDirectory (as text: execution policy and Zone marks do
# not apply to the engine's own files); the probe (probes/Invoke-ServerProbe.ps1) has
# its own two channels and richer failure codes.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7.

function New-ExwizWinRmSignIn {
    # The splat for Invoke-Command's sign-in: empty (Kerberos as the running account), or the
    # given account with Negotiate. The password lives only in the returned PSCredential.
    param($Credential, [bool]$UseSsl)
    $signIn = @{}
    if ($null -ne $Credential) {
        $secret = ConvertTo-SecureString -String ([string]$Credential.password) -AsPlainText -Force
        $signIn.Credential = New-Object System.Management.Automation.PSCredential ([string]$Credential.userName), $secret
        $signIn.Authentication = 'Negotiate'
    }
    if ($UseSsl) { $signIn.UseSSL = $true }
    return $signIn
}

function Invoke-ExwizOnServer {
    # Runs $ScriptBlock with $ArgumentList on the server: here when it is this computer, else
    # over remoting. Throws what remoting throws (Get-ExwizRemotingFailureCode sorts it).
    param(
        [string]$ComputerName,
        [scriptblock]$ScriptBlock,
        [object[]]$ArgumentList = @(),
        [bool]$OnThisComputer = $false,
        $Credential = $null,
        [bool]$UseSsl = $false,
        [int]$ConnectTimeoutSeconds = 30
    )
    if ($OnThisComputer) {
        return & $ScriptBlock @ArgumentList
    }
    $options = New-PSSessionOption -OpenTimeout ($ConnectTimeoutSeconds * 1000) -ProxyAccessType NoProxyServer
    $signIn = New-ExwizWinRmSignIn -Credential $Credential -UseSsl $UseSsl
    return Invoke-Command -ComputerName $ComputerName -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList -SessionOption $options @signIn -ErrorAction Stop
}

function Get-ExwizRemotingFailureCode {
    # 'access-denied' when WinRM refused the account (error 5, whatever the language of the
    # message), else 'unreachable'.
    param($ErrorRecord)
    $exception = $ErrorRecord.Exception
    while ($null -ne $exception) {
        if ($exception -is [System.Management.Automation.Remoting.PSRemotingTransportException] -and $exception.ErrorCode -eq 5) { return 'access-denied' }
        $exception = $exception.InnerException
    }
    return 'unreachable'
}
