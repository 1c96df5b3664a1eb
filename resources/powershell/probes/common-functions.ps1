# Helpers shared by the probe's parts. This file holds function definitions
# only: it is dot-sourced by the orchestrator and prepended to the script block
# that runs on the server (Invoke-Command), so it must stay self-contained.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7: every value is converted to
# a plain string, number, boolean, array or hashtable here, because 5.1's
# ConvertTo-Json writes dates as \/Date()\/, enums as numbers and strings that
# carry extra properties (Get-Content lines) as objects.

function ConvertTo-ExwizIsoDate {
    # DateTime, WMI text ("20210929115907.020592-420") or a parseable string -> ISO-8601 UTC, else $null.
    param($Value)
    if ($null -eq $Value) { return $null }
    $date = $null
    if ($Value -is [DateTime]) {
        $date = $Value
    } else {
        $text = [string]$Value
        if ($text -eq '') { return $null }
        $wmi = [regex]::Match($text, '^(\d{14})\.(\d{6})([+-])(\d{3})$')
        if ($wmi.Success) {
            $local = [DateTime]::ParseExact($wmi.Groups[1].Value, 'yyyyMMddHHmmss', [System.Globalization.CultureInfo]::InvariantCulture)
            $local = $local.AddTicks([long]$wmi.Groups[2].Value * 10)
            $offset = [int]$wmi.Groups[4].Value
            if ($wmi.Groups[3].Value -eq '-') { $offset = - $offset }
            $date = [DateTime]::SpecifyKind($local.AddMinutes( - $offset), [DateTimeKind]::Utc)
        } else {
            $parsed = [DateTime]::MinValue
            $styles = [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal
            if (-not [DateTime]::TryParse($text, [System.Globalization.CultureInfo]::InvariantCulture, $styles, [ref]$parsed)) { return $null }
            $date = [DateTime]::SpecifyKind($parsed, [DateTimeKind]::Utc)
        }
    }
    if ($date.Kind -ne [DateTimeKind]::Utc) { $date = $date.ToUniversalTime() }
    return $date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
}

function Get-ExwizErrorText {
    # The message of an error record or exception with its inner exceptions,
    # e.g. "...SSL/TLS secure channel. ---> The remote certificate is invalid...".
    param($Err)
    $exception = $Err
    if ($Err -is [System.Management.Automation.ErrorRecord]) { $exception = $Err.Exception }
    $parts = New-Object System.Collections.ArrayList
    $depth = 0
    while ($null -ne $exception -and $depth -lt 8) {
        $message = [string]$exception.Message
        if ($message -ne '' -and -not $parts.Contains($message)) { [void]$parts.Add($message) }
        $exception = $exception.InnerException
        $depth++
    }
    if ($parts.Count -eq 0) { return [string]$Err }
    return ($parts.ToArray() -join ' ---> ')
}

function Get-ExwizExecutionPolicyBlock {
    # When an error is the execution policy refusing a script (Import-PSSession writes
    # its commands into a temporary module, which AllSigned or Restricted set by Group
    # Policy refuses: -ExecutionPolicy Bypass cannot override Group Policy), the
    # sentence saying so with the policy each Group Policy scope sets; else $null.
    param($Err)
    $exception = $Err
    if ($Err -is [System.Management.Automation.ErrorRecord]) { $exception = $Err.Exception }
    $blocked = $false
    $depth = 0
    while ($null -ne $exception -and $depth -lt 8) {
        if ($exception -is [System.Management.Automation.PSSecurityException]) { $blocked = $true }
        $exception = $exception.InnerException
        $depth++
    }
    if ($Err -is [System.Management.Automation.ErrorRecord] -and [string]$Err.FullyQualifiedErrorId -match '^UnauthorizedAccess') { $blocked = $true }
    if (-not $blocked) { return $null }
    $scopes = New-Object System.Collections.ArrayList
    foreach ($scope in @('MachinePolicy', 'UserPolicy')) {
        $policy = [string](Get-ExecutionPolicy -Scope $scope -ErrorAction SilentlyContinue)
        if ($policy -ne '' -and $policy -ne 'Undefined') { [void]$scopes.Add("$policy ($scope)") }
    }
    $set = 'the execution policy'
    if ($scopes.Count -gt 0) { $set = 'Group Policy sets the execution policy to ' + ($scopes -join ' and ') + ', which' }
    return "On this computer $set refuses the temporary module Import-PSSession writes for the Exchange Management Shell: $(Get-ExwizErrorText $Err)"
}

function Add-ExwizSectionError {
    # Records why one part of the probe failed; the rest of the probe goes on.
    param([System.Collections.ArrayList]$Errors, [string]$Section, $Err, [string]$Code = $null)
    $entry = [ordered]@{ section = $Section; message = (Get-ExwizErrorText $Err) }
    if ($Code) { $entry['code'] = $Code }
    [void]$Errors.Add($entry)
}

function Invoke-ExwizSection {
    # Runs one section of the probe: returns what $Read returns (one object:
    # a record, or a list kept as one list), or $null with the failure
    # recorded under the section's name. The rest of the probe goes on.
    param([string]$Name, [System.Collections.ArrayList]$Errors, [scriptblock]$Read)
    try {
        $result = & $Read
        return , $result
    } catch {
        Add-ExwizSectionError -Errors $Errors -Section $Name -Err $_
        return $null
    }
}

function ConvertTo-ExwizString {
    param($Value)
    if ($null -eq $Value) { return $null }
    $text = [string]$Value
    if ($text -eq '') { return $null }
    return $text
}

function ConvertTo-ExwizBool {
    param($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [bool]) { return $Value }
    $text = [string]$Value
    if ($text -eq '') { return $null }
    if ($text -eq 'True') { return $true }
    if ($text -eq 'False') { return $false }
    return $null
}

function ConvertTo-ExwizStringArray {
    # Multi-valued properties arrive as arrays, ArrayLists, MultiValuedProperty or one string.
    param($Value)
    $list = New-Object System.Collections.ArrayList
    if ($null -ne $Value) {
        if (($Value -is [System.Collections.IEnumerable]) -and -not ($Value -is [string])) {
            foreach ($item in $Value) {
                $text = [string]$item
                if ($text -ne '') { [void]$list.Add($text) }
            }
        } else {
            $text = [string]$Value
            if ($text -ne '') { [void]$list.Add($text) }
        }
    }
    return , $list.ToArray()
}

function Get-ExwizProperty {
    # A property's value, or $null when the object does not have it (no StrictMode
    # surprises). Arrays come back whole (REG_BINARY stays byte[]), not unrolled.
    param($Object, [string]$Name)
    if ($null -eq $Object) { return $null }
    if ($Object -is [System.Collections.IDictionary]) {
        if ($Object.Contains($Name)) { return , $Object[$Name] }
        return $null
    }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return , $property.Value
}

# ------------------------------------------------------------ the section table
# sections.json (this folder) is the one list of what the probe collects; see
# its $comment. These functions read it and run it.

function ConvertFrom-ExwizSectionTable {
    # The table from its JSON text: @{ factsSchemaVersion = <int>; registry = <name -> entry>; sections = <entries> }.
    param([string]$Text)
    $parsed = ConvertFrom-Json -InputObject $Text
    return @{ factsSchemaVersion = [int]$parsed.factsSchemaVersion; registry = $parsed.registry; sections = @($parsed.sections) }
}

function Test-ExwizNotOn {
    # Whether a table entry (a section or a capture) is skipped on a server with these roles.
    param($Entry, [string[]]$Roles)
    # foreach, not @(): Get-ExwizProperty returns a list whole, and @() would nest it.
    foreach ($role in (Get-ExwizProperty $Entry 'notOn')) {
        if ($null -ne $role -and @($Roles) -contains [string]$role) { return $true }
    }
    return $false
}

function Invoke-ExwizSections {
    # Runs every section that has a function for this channel ('exchange' or
    # 'server'), in table order, through Invoke-ExwizSection: a section that
    # throws is $null plus a sectionErrors entry under its "error" name, and
    # the others go on. A "required" section that fails ends the channel (the
    # rest need what it reads). Returns key -> part.
    param([object[]]$Sections, [string]$Channel, [hashtable]$Context)
    $parts = [ordered]@{}
    $Context.Parts = $parts
    foreach ($entry in $Sections) {
        $sectionFunction = [string](Get-ExwizProperty $entry $Channel)
        if ($sectionFunction -eq '') { continue }
        if (Test-ExwizNotOn $entry $Context.Roles) { continue }
        $sectionContext = $Context
        $part = Invoke-ExwizSection ([string]$entry.error) $Context.Errors { & $sectionFunction -Context $sectionContext }
        $parts[[string]$entry.key] = $part
        if ($null -eq $part -and (Get-ExwizProperty $entry 'required') -eq $true) { break }
    }
    return $parts
}

function Join-ExwizSections {
    # The facts document's sections in table order: each section's part, or
    # its "empty" value where it was not collected. A section read on both
    # channels is its "empty" value with the Exchange part and then the server
    # part laid over it (or $null when its empty value is $null and the
    # Exchange part is missing).
    param([object[]]$Sections, $ExchangeParts, $ServerParts)
    $joined = [ordered]@{}
    foreach ($entry in $Sections) {
        $key = [string]$entry.key
        $exchangePart = $null
        $serverPart = $null
        if ((Get-ExwizProperty $entry 'exchange') -and $null -ne $ExchangeParts) { $exchangePart = Get-ExwizProperty $ExchangeParts $key }
        if ((Get-ExwizProperty $entry 'server') -and $null -ne $ServerParts) { $serverPart = Get-ExwizProperty $ServerParts $key }
        # The table is parsed afresh for every probe run, so its empty value can be filled in place.
        $value = $entry.empty
        if (-not ((Get-ExwizProperty $entry 'exchange') -and (Get-ExwizProperty $entry 'server'))) {
            if ($null -ne $exchangePart) { $value = $exchangePart }
            if ($null -ne $serverPart) { $value = $serverPart }
        } elseif ($null -ne $value -or $null -ne $exchangePart) {
            if ($null -eq $value) { $value = [ordered]@{} }
            foreach ($layer in @($exchangePart, $serverPart)) {
                if ($null -eq $layer) { continue }
                foreach ($name in @($layer.Keys)) {
                    if ($value -is [System.Collections.IDictionary]) { $value[$name] = $layer[$name] } else { $value.$name = $layer[$name] }
                }
            }
        }
        $joined[$key] = $value
    }
    return $joined
}

function Get-ExwizHierarchyMailboxGuid {
    # RootPublicFolderMailbox.HierarchyMailboxGuid as text (the probe and the
    # offline collector both read it); $null for the empty GUID: no public
    # folders. A shell that flattened the object to its text (the GUID, or
    # nothing when there is none) is read the same way; anything else throws,
    # so the caller records it as not read rather than as "none".
    param($Info)
    if ($null -eq $Info) { throw 'Get-OrganizationConfig returned no RootPublicFolderMailbox.' }
    $guid = Get-ExwizProperty $Info 'HierarchyMailboxGuid'
    if ($null -eq $guid) { $guid = $Info }
    $text = [string]$guid
    if ($text -eq '') { return $null }
    $parsed = [guid]::Empty
    if (-not [guid]::TryParse($text, [ref]$parsed)) { throw ("RootPublicFolderMailbox is not a mailbox GUID: '" + $text + "'.") }
    if ($parsed -eq [guid]::Empty) { return $null }
    return $parsed.ToString()
}
