# Part of the fake Exchange server (ExwizLab.psm1), dot-sourced into its module scope.
# Get-Service and the CIM classes.
# Function definitions only. Valid on Windows PowerShell 5.1 and PowerShell 7.

# ------------------------------------------------------------- services ----

function Get-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Name)
    Wait-LabLatency
    $services = New-Object System.Collections.ArrayList
    $all = Import-LabCapture -Slot 'OS/GetService.xml'
    $mitigation = Import-LabCapture -Slot 'Exchange/GetServiceMitigation.xml'
    if ($null -eq $all -and $null -eq $mitigation) {
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message "Get-Service failed: the lab has no capture 'OS/GetService.xml' in '$($script:Root)'." -ErrorId 'ExwizLabCaptureMissing' -Category ObjectNotFound -Target 'OS/GetService.xml'))
    }
    if ($null -ne $all) {
        foreach ($service in $all) {
            # The dedicated capture of the mitigation service wins (cases/ variants).
            if ($null -ne $mitigation -and [string]$service.Name -eq 'MSExchangeMitigation') { continue }
            [void]$services.Add($service)
        }
    }
    if ($null -ne $mitigation) { foreach ($service in $mitigation) { [void]$services.Add($service) } }
    if ($Name) {
        $wanted = @($services | Where-Object { $Name -contains [string]$_.Name })
        foreach ($n in $Name) {
            if (-not ($wanted | Where-Object { [string]$_.Name -eq $n })) {
                Write-Error -Message "Cannot find any service with service name '$n'." -Category ObjectNotFound -ErrorId 'NoServiceFoundForGivenName' -TargetObject $n
            }
        }
        return $wanted
    }
    return $services.ToArray()
}

# ------------------------------------------------------------------ CIM ----

function Get-LabDefaultDisks {
    # Documented default: one 127 GB system drive with 64 GB free.
    return , @(
        [pscustomobject]@{ DeviceID = 'C:'; DriveType = 3; Size = [long]136365211648; FreeSpace = [long]68719476736; VolumeName = 'System' }
    )
}

function Get-CimInstance {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][string]$ClassName,
        [string]$Namespace = 'root\cimv2',
        [string]$Filter,
        [string]$ComputerName
    )
    Wait-LabLatency
    switch ($ClassName) {
        'Win32_OperatingSystem' {
            return (Get-RequiredCapture -Slot 'OS/Win32_OperatingSystem.xml' -Command 'Get-CimInstance Win32_OperatingSystem' -Cmdlet $PSCmdlet)[0]
        }
        'Win32_LogicalDisk' {
            $disks = Import-LabCapture -Slot 'OS/Win32_LogicalDisk.xml'
            if ($null -eq $disks) {
                $configured = Get-LabSetting 'disks'
                if ($null -ne $configured) {
                    $disks = @(foreach ($d in $configured) {
                            [pscustomobject]@{
                                DeviceID   = [string]$d['drive']
                                DriveType  = 3
                                Size       = [long]([double]$d['sizeGB'] * 1GB)
                                FreeSpace  = [long]([double]$d['freeGB'] * 1GB)
                                VolumeName = [string]$d['label']
                            }
                        })
                } else {
                    $disks = Get-LabDefaultDisks
                }
            }
            if ($Filter -match 'DriveType\s*=\s*3') { return @($disks | Where-Object { [int]$_.DriveType -eq 3 }) }
            return $disks
        }
    }
    $PSCmdlet.ThrowTerminatingError((New-LabError -Message "Invalid class '$ClassName' (the lab answers Win32_OperatingSystem and Win32_LogicalDisk)." -ErrorId 'HRESULT 0x80041010' -Category MetadataError -Target $ClassName))
}

function Invoke-CimMethod {
    # Only the Configuration Manager reboot query is answered (from the reboot capture).
    [CmdletBinding()]
    param([string]$Namespace, [string]$ClassName, [string]$MethodName, $Arguments, [string]$ComputerName)
    Wait-LabLatency
    $reboot = Import-LabCapture -Slot 'OS/GetServerRebootPending.xml'
    $ccm = Get-LabSetting 'ccmRebootPending'
    if ($null -eq $ccm -and $null -ne $reboot) { $ccm = [bool]$reboot[0].CcmRebootPending }
    if ($ClassName -eq 'CCM_ClientUtilities' -and $MethodName -eq 'DetermineIfRebootPending' -and $ccm -eq $true) {
        return [pscustomobject]@{ RebootPending = $true; IsHardRebootPending = $false; ReturnValue = 0 }
    }
    # No Configuration Manager client on this server: its namespace does not exist.
    $PSCmdlet.ThrowTerminatingError((New-LabError -Message 'Invalid namespace' -ErrorId 'HRESULT 0x8004100e' -Category MetadataError -Target $Namespace))
}
