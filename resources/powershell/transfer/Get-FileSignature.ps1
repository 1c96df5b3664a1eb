# Checks the Authenticode signature of a downloaded or imported update file
# (.exe, .msp, .msi) the way Microsoft's own scripts check Microsoft-signed
# downloads (CSS-Exchange Confirm-Signature):
#   1. Get-AuthenticodeSignature must report Status "Valid" (Windows' own
#      trust decision, WinVerifyTrust);
#   2. the signer certificate's chain must build;
#   3. the chain must end at a self-signed Microsoft Root Certificate Authority
#      2010 or 2011, compared by thumbprint (a look-alike root with the same
#      name does not pass);
#   4. the signer and the CA that issued it are reported (signer, signerIssuer
#      from the chain, not from the file's own claim) so the engine can pin the
#      signer to Microsoft Corporation, issued by a Microsoft code-signing CA.
#
# Returns one object; the engine decides what passes. Where the cmdlet does
# not exist (PowerShell on Linux or macOS) it returns available = $false and
# checks nothing.
#
# Must stay valid on Windows PowerShell 5.1.
param(
    [Parameter(Mandatory = $true)][string]$Path
)

$microsoftRoots = @{
    '3B1EFD3A66EA28B16697394703A72CA340A05BD5' = 'Microsoft Root Certificate Authority 2010'
    '8F43288AD272F3103B6FB1428485EA3014C0BCFE' = 'Microsoft Root Certificate Authority 2011'
}

$result = [ordered]@{
    available           = $false
    status              = 'NotAvailable'
    statusMessage       = ''
    signer              = $null
    signerThumbprint    = $null
    signerIssuer        = $null
    chainBuilt          = $false
    chainStatus         = @()
    chainRoot           = $null
    chainRootThumbprint = $null
    microsoftRoot       = $false
}

if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
    throw "The file to check does not exist: $Path"
}

$cmdlet = Get-Command -Name 'Get-AuthenticodeSignature' -ErrorAction SilentlyContinue
if ($null -eq $cmdlet) {
    $result.statusMessage = 'Get-AuthenticodeSignature is not available in this PowerShell; it exists only on Windows.'
    return [pscustomobject]$result
}

$result.available = $true
$signature = Get-AuthenticodeSignature -LiteralPath $Path
$result.status = [string]$signature.Status
$result.statusMessage = [string]$signature.StatusMessage
$certificate = $signature.SignerCertificate
if ($null -eq $certificate) {
    return [pscustomobject]$result
}

$result.signer = [string]$certificate.Subject
$result.signerThumbprint = [string]$certificate.Thumbprint

$chain = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Chain
# Windows already decided trust and revocation in step 1; this chain only
# identifies the root, so an offline jump box (no revocation lists) and a
# signer certificate that expired after the file was timestamped do not fail it.
$chain.ChainPolicy.RevocationMode = [System.Security.Cryptography.X509Certificates.X509RevocationMode]::NoCheck
$chain.ChainPolicy.VerificationFlags = [System.Security.Cryptography.X509Certificates.X509VerificationFlags]::IgnoreNotTimeValid
try {
    $result.chainBuilt = [bool]$chain.Build($certificate)
    $statuses = @()
    foreach ($entry in $chain.ChainStatus) {
        $statuses += [string]$entry.Status
    }
    $result.chainStatus = $statuses
    $count = $chain.ChainElements.Count
    if ($count -gt 1) {
        $result.signerIssuer = [string]$chain.ChainElements[1].Certificate.Subject
    }
    if ($count -gt 0) {
        $root = $chain.ChainElements[$count - 1].Certificate
        $rootThumbprint = ([string]$root.Thumbprint).ToUpperInvariant()
        $result.chainRoot = [string]$root.Subject
        $result.chainRootThumbprint = $rootThumbprint
        $selfSigned = ($root.Subject -eq $root.Issuer)
        $result.microsoftRoot = ($count -gt 1) -and $selfSigned -and $microsoftRoots.ContainsKey($rootThumbprint)
    }
} finally {
    if ($chain -is [System.IDisposable]) {
        $chain.Dispose()
    }
}

return [pscustomobject]$result
