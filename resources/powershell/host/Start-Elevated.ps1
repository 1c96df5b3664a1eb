# Starts the wizard again as administrator, once the running one has quit:
# waits for -WaitForProcessId to end (so its data folder and single-instance
# lock are free), then Start-Process -Verb RunAs of its own executable with
# its own arguments (UAC asks the admin). Declined, nothing starts.
#
# The arguments arrive as base64 of a JSON list, one parameter, so that no
# command text is ever made from them.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7.

param(
    [Parameter(Mandatory = $true)][int]$WaitForProcessId,
    [Parameter(Mandatory = $true)][string]$FilePath,
    [string]$ArgumentsBase64 = ''
)

$ErrorActionPreference = 'Stop'
# Strict: every variable here is set before it is read, and no object of unknown shape is read.
Set-StrictMode -Version Latest

$arguments = @()
if ($ArgumentsBase64) {
    $json = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($ArgumentsBase64))
    # Start-Process joins the list with spaces into one command line: quote what holds a space.
    $arguments = @(ConvertFrom-Json -InputObject $json | ForEach-Object {
            $text = [string]$_
            if ($text -match '\s') { '"' + $text + '"' } else { $text }
        })
}
try { Wait-Process -Id $WaitForProcessId -Timeout 60 -ErrorAction Stop } catch { }
if ($arguments.Count -gt 0) {
    Start-Process -FilePath $FilePath -ArgumentList $arguments -Verb RunAs
} else {
    Start-Process -FilePath $FilePath -Verb RunAs
}
