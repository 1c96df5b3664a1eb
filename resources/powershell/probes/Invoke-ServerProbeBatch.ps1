# Probes many Exchange servers at once inside this ONE PowerShell process:
# each server is one run of the per-server probe (Invoke-ServerProbe.ps1, or
# the script given in -ProbeScript) in a runspace of a RunspacePool.
#
# Why a RunspacePool and not Invoke-Command -ComputerName a,b,c -ThrottleLimit:
# the probe is two connections per server (a remote Exchange Management Shell
# session, then one Invoke-Command), and the lab replaces both with local
# functions; a runspace per server runs the unchanged probe for a real WinRM
# target and for the lab alike, and keeps each server's result and error apart.
#
# Results stream: each server's outcome is written, as soon as it is known, to
# its own file in -ResultDirectory (a per-scan folder with a random name the
# engine created and watches):
#   <id>.started   the server's runspace has started
#   <id>.json      the run's marker, then one line of JSON: the same envelope
#                  bootstrap.ps1 prints ({ok,value,errors} or {ok:false,error}),
#                  plus elapsedMs, and timedOut:true when the time limit hit.
# A file is written under a temporary name and renamed, so the engine never
# reads half a result, and the first outcome of a server wins.
# A file named "cancel" in the folder stops the whole batch.
#
# Throttle: servers start while fewer than the current limit run. The limit
# starts at twice the processor count; once the first result is in (or after
# 10 s), so that the first servers are not slowed by the rest and the admin
# sees an answer early, it doubles every second while this process uses less
# than 70 % of the processors and servers are waiting. A probe mostly waits on
# the network (a round trip per cmdlet), a few percent of a processor each, so
# the limit should reach its cap within seconds: growing by half from 2x the
# processors, and only below 50 %, held a batch of slow servers at a dozen
# runspaces while most of the machine idled. 30 % stays free for the wizard
# itself. It shrinks by one while the process uses more than 85 % (CPU-bound:
# more runspaces would only slow each other). -MaxParallel caps it (32, as
# Invoke-Command's default ThrottleLimit).
#
# Returns a summary: how many started, finished, timed out; the largest limit.
# Runs inside the engine's host (bootstrap.ps1 loaded). Valid on Windows
# PowerShell 5.1 and PowerShell 7.

param(
    # None: the engine's warm-up at launch, which only opens the pool (kept for the scans).
    $Targets = @(),
    [Parameter(Mandatory = $true)][string]$ProbeScript,
    [Parameter(Mandatory = $true)][string]$ResultDirectory,
    [Parameter(Mandatory = $true)][string]$Marker,
    [int]$TimeoutSeconds = 180,
    [int]$MaxParallel = 32,
    [int]$InitialParallel = 0,
    [int]$PollMilliseconds = 100,
    [int]$StopGraceSeconds = 10
)

$ErrorActionPreference = 'Stop'
# Strict mode stays off: it dot-sources the probe, whose Exchange objects differ by version and
# role; a property missing there must read as $null, not stop the script. The server functions it
# loads are tested under -Version Latest by Pester (test/probes/pester.test.ts).
Set-StrictMode -Off

# The code each runspace runs: fixed text; the server's data arrives as arguments.
$runnerText = @'
param([string]$ProbeScript, $Parameters, [string]$ResultFile, [string]$Marker)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
$VerbosePreference = 'SilentlyContinue'
$clock = [System.Diagnostics.Stopwatch]::StartNew()
try {
    $table = ConvertTo-ExwizParameterTable -Object $Parameters
    $block = [ScriptBlock]::Create([System.IO.File]::ReadAllText($ProbeScript))
    $Error.Clear()
    $value = & $block @table 2>$null
    $loose = @()
    foreach ($record in $Error) {
        if ($record -is [System.Management.Automation.ErrorRecord]) { $loose += , (Get-ExwizErrorShape -ErrorRecord $record) }
    }
    $envelope = [ordered]@{ ok = $true; value = $value; errors = $loose }
} catch {
    $envelope = [ordered]@{ ok = $false; error = (Get-ExwizErrorShape -ErrorRecord $_) }
}
$envelope.elapsedMs = $clock.ElapsedMilliseconds
Write-ExwizBatchFile -Path $ResultFile -Text ($Marker + (ConvertTo-Json -InputObject $envelope -Depth 40 -Compress))
'@

function Write-ExwizBatchFile {
    # Temporary name, then rename: complete or absent; an existing outcome is kept.
    param([string]$Path, [string]$Text)
    $temporary = $Path + '.' + [System.Guid]::NewGuid().ToString('N') + '.tmp'
    [System.IO.File]::WriteAllText($temporary, $Text, (New-Object System.Text.UTF8Encoding $false))
    try { [System.IO.File]::Move($temporary, $Path) } catch { [System.IO.File]::Delete($temporary) }
}

function Write-ExwizBatchFailure {
    param([string]$Id, [string]$Message, [string]$ErrorId, [long]$ElapsedMs, [bool]$TimedOut)
    $envelope = [ordered]@{
        ok        = $false
        error     = [ordered]@{ message = $Message; type = $null; errorId = $ErrorId; category = $null; position = $null }
        elapsedMs = $ElapsedMs
        timedOut  = $TimedOut
    }
    Write-ExwizBatchFile -Path ([System.IO.Path]::Combine($ResultDirectory, $Id + '.json')) -Text ($Marker + (ConvertTo-Json -InputObject $envelope -Depth 5 -Compress))
}

function Get-ExwizNextLimit {
    # The throttle's rule (see the top of this file), once a second: double
    # while under 70 % of the processors with servers waiting, one less above
    # 85 % (never below one runspace per processor), else unchanged.
    param([int]$Limit, [double]$Share, [bool]$Growing, [int]$Waiting, [int]$Running, [int]$MaxParallel, [int]$Processors)
    if ($Growing -and $Share -lt 0.7 -and $Waiting -gt 0 -and $Running -ge $Limit -and $Limit -lt $MaxParallel) {
        return [Math]::Min($MaxParallel, 2 * $Limit)
    }
    if ($Share -gt 0.85 -and $Limit -gt $Processors) { return $Limit - 1 }
    return $Limit
}

$processors = [Environment]::ProcessorCount
if ($MaxParallel -lt 1) { $MaxParallel = 1 }
$limit = $InitialParallel
if ($limit -lt 1) { $limit = 2 * $processors }
if ($limit -gt $MaxParallel) { $limit = $MaxParallel }
$largest = $limit

$queue = New-Object System.Collections.Queue
foreach ($target in @($Targets)) { $queue.Enqueue($target) }
$running = New-Object System.Collections.ArrayList
$abandoned = 0
$started = 0
$finished = 0
$timedOut = 0
$cancelled = $false
$cancelFile = [System.IO.Path]::Combine($ResultDirectory, 'cancel')

# Each runspace gets the host bootstrap's two helpers (this batch runs inside
# Invoke-ExwizScript), so a server's envelope is built exactly like a host run's,
# and the file writer above.
$helpers = [ordered]@{}
foreach ($name in @('ConvertTo-ExwizParameterTable', 'Get-ExwizErrorShape', 'Write-ExwizBatchFile')) {
    $helpers[$name] = (Get-Command -Name $name -CommandType Function).Definition
}
$helpersKey = ($helpers.Values -join "`n")

# The RunspacePool outlives the batch in this host: opening a runspace costs
# about a tenth of a second of processor time, and a runspace keeps what it
# loaded (the lab's parsed captures) for the next scan. The launch warm-up
# (no targets) opens it with the first servers' runspaces ready: twice the
# processors, the throttle's first limit. A batch that had to leave runspaces
# running (cancelled, abandoned) closes it, and so does a change of the helpers;
# the next batch opens a fresh one.
$kept = $global:ExwizProbeRunspacePool
$pool = $null
if ($null -ne $kept) {
    if ($kept.Key -eq $helpersKey -and $kept.Pool.RunspacePoolStateInfo.State -eq [System.Management.Automation.Runspaces.RunspacePoolState]::Opened) {
        $pool = $kept.Pool
    } else {
        [void]$kept.Pool.BeginClose($null, $null)
    }
    $global:ExwizProbeRunspacePool = $null
}
if ($null -eq $pool) {
    $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault()
    foreach ($name in $helpers.Keys) {
        $state.Commands.Add((New-Object System.Management.Automation.Runspaces.SessionStateFunctionEntry $name, $helpers[$name]))
    }
    $ready = [Math]::Min(2 * [Environment]::ProcessorCount, [Math]::Max(1, $MaxParallel))
    $pool = [runspacefactory]::CreateRunspacePool($state)
    [void]$pool.SetMaxRunspaces([Math]::Max($ready, $MaxParallel))
    [void]$pool.SetMinRunspaces($ready)
    $pool.Open()
}
if ($MaxParallel -gt $pool.GetMaxRunspaces()) { [void]$pool.SetMaxRunspaces($MaxParallel) }
$self = [System.Diagnostics.Process]::GetCurrentProcess()
$wall = [System.Diagnostics.Stopwatch]::StartNew()
$lastCpu = $self.TotalProcessorTime.TotalMilliseconds
$lastWall = 0
try {
    while ($queue.Count -gt 0 -or $running.Count -gt 0) {
        if ([System.IO.File]::Exists($cancelFile)) {
            $cancelled = $true
            $queue.Clear()
            foreach ($run in @($running)) { [void]$run.Shell.BeginStop($null, $null) }
            break
        }

        # Start servers while fewer than the limit run.
        while ($queue.Count -gt 0 -and $running.Count -lt $limit) {
            $target = $queue.Dequeue()
            $id = [string]$target.id
            $shell = [PowerShell]::Create()
            $shell.RunspacePool = $pool
            [void]$shell.AddScript($runnerText).AddArgument($ProbeScript).AddArgument($target.parameters).AddArgument([System.IO.Path]::Combine($ResultDirectory, $id + '.json')).AddArgument($Marker)
            Write-ExwizBatchFile -Path ([System.IO.Path]::Combine($ResultDirectory, $id + '.started')) -Text ''
            $handle = $shell.BeginInvoke()
            [void]$running.Add(@{ Id = $id; Shell = $shell; Handle = $handle; Clock = [System.Diagnostics.Stopwatch]::StartNew(); StoppedAt = $null })
            $started++
        }

        foreach ($run in @($running)) {
            $elapsed = $run.Clock.ElapsedMilliseconds
            if ($run.Handle.IsCompleted) {
                $failure = $null
                try { [void]$run.Shell.EndInvoke($run.Handle) } catch { $failure = $_.Exception.Message }
                $resultFile = [System.IO.Path]::Combine($ResultDirectory, $run.Id + '.json')
                if ($null -eq $run.StoppedAt -and -not [System.IO.File]::Exists($resultFile)) {
                    if ($null -eq $failure) { $failure = 'The probe ended without writing its result.' }
                    Write-ExwizBatchFailure -Id $run.Id -Message $failure -ErrorId 'ExwizBatchNoResult' -ElapsedMs $elapsed -TimedOut $false
                }
                $run.Shell.Dispose()
                $running.Remove($run)
                $finished++
            } elseif ($null -eq $run.StoppedAt -and $elapsed -ge ($TimeoutSeconds * 1000)) {
                # The server did not answer in time: stop its runspace, the others go on.
                Write-ExwizBatchFailure -Id $run.Id -Message "The probe did not finish within $TimeoutSeconds s." -ErrorId 'ExwizProbeTimeout' -ElapsedMs $elapsed -TimedOut $true
                [void]$run.Shell.BeginStop($null, $null)
                $run.StoppedAt = $elapsed
                $timedOut++
            } elseif ($null -ne $run.StoppedAt -and ($elapsed - $run.StoppedAt) -ge ($StopGraceSeconds * 1000)) {
                # A runspace that ignores Stop keeps its pool slot; do not wait for it.
                $running.Remove($run)
                $abandoned++
            }
        }

        $now = $wall.ElapsedMilliseconds
        if ($now - $lastWall -ge 1000) {
            $self.Refresh()
            $cpu = $self.TotalProcessorTime.TotalMilliseconds
            $share = ($cpu - $lastCpu) / (($now - $lastWall) * $processors)
            $limit = Get-ExwizNextLimit -Limit $limit -Share $share -Growing ($finished -gt 0 -or $now -ge 10000) -Waiting $queue.Count -Running $running.Count -MaxParallel $MaxParallel -Processors $processors
            if ($limit -gt $largest) { $largest = $limit }
            $lastCpu = $cpu
            $lastWall = $now
        }
        if ($running.Count -gt 0) { Start-Sleep -Milliseconds $PollMilliseconds }
    }
} finally {
    if ($abandoned -eq 0 -and -not $cancelled) {
        $global:ExwizProbeRunspacePool = @{ Pool = $pool; Key = $helpersKey }
    } else {
        # Stopped or stuck runspaces may still be ending: close without waiting for them.
        [void]$pool.BeginClose($null, $null)
    }
}

return [ordered]@{
    started         = $started
    finished        = $finished
    timedOut        = $timedOut
    abandoned       = $abandoned
    cancelled       = $cancelled
    largestParallel = $largest
    processors      = $processors
}
