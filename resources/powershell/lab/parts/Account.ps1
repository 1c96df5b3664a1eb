# Part of the fake Exchange server (ExwizLab.psm1), dot-sourced into its module scope.
# The session on the server: execution policy by scope and the account's groups (whoami).
# Function definitions only. Valid on Windows PowerShell 5.1 and PowerShell 7.

function Get-LabExecutionPolicyList {
    # A capture of Get-ExecutionPolicy -List, else lab.json "executionPolicy" (scope -> policy)
    # over the documented default of Windows Server 2012 R2 and later: RemoteSigned for
    # LocalMachine, every other scope Undefined.
    $capture = Import-LabCapture -Slot 'OS/GetExecutionPolicy.xml'
    if ($null -ne $capture) {
        return , @($capture | ForEach-Object { [pscustomobject]@{ Scope = [string]$_.Scope; ExecutionPolicy = [string]$_.ExecutionPolicy } })
    }
    $configured = Get-LabSetting 'executionPolicy' @{}
    $rows = New-Object System.Collections.ArrayList
    foreach ($scope in @('MachinePolicy', 'UserPolicy', 'Process', 'CurrentUser', 'LocalMachine')) {
        $policy = 'Undefined'
        if ($scope -eq 'LocalMachine') { $policy = 'RemoteSigned' }
        if ($configured.ContainsKey($scope) -and $null -ne $configured[$scope]) { $policy = [string]$configured[$scope] }
        [void]$rows.Add([pscustomobject]@{ Scope = $scope; ExecutionPolicy = $policy })
    }
    return , $rows.ToArray()
}

function Get-ExecutionPolicy {
    [CmdletBinding()]
    param([switch]$List, [string]$Scope)
    $rows = Get-LabExecutionPolicyList
    if ($List) { return $rows }
    if ($Scope) { return [string](@($rows | Where-Object { $_.Scope -eq $Scope })[0].ExecutionPolicy) }
    # The first scope that sets one wins, in PowerShell's order of precedence.
    foreach ($row in $rows) {
        if ([string]$row.ExecutionPolicy -ne 'Undefined') { return [string]$row.ExecutionPolicy }
    }
    return 'Restricted'
}

function whoami {
    # whoami /user /groups /fo csv /nh: a capture of its lines, else lab.json "account"
    # ({ name, sid, groups: [{ name, sid }] }); neither: it fails, as on a server where it cannot run.
    $capture = Import-LabCapture -Slot 'OS/WhoAmI.xml'
    if ($null -ne $capture) { return @($capture | ForEach-Object { [string]$_ }) }
    $account = Get-LabSetting 'account'
    if ($null -eq $account) { throw "whoami failed: the lab has no capture 'OS/WhoAmI.xml' and no account in lab.json in '$($script:Root)'." }
    $lines = New-Object System.Collections.ArrayList
    [void]$lines.Add(('"{0}","{1}"' -f [string]$account['name'], [string]$account['sid']))
    [void]$lines.Add('')
    foreach ($group in @($account['groups'])) {
        if ($null -eq $group) { continue }
        [void]$lines.Add(('"{0}","Group","{1}","Mandatory group, Enabled by default, Enabled group"' -f [string]$group['name'], [string]$group['sid']))
    }
    return $lines.ToArray()
}
