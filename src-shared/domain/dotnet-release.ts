/**
 * .NET Framework 4.x versions by the registry `Release` value, as ranges: each version starts at
 * Microsoft's documented minimum, and every OS writes its own value inside the range (4.8 is
 * 528040 on Windows 10 1903+, 528049 on Windows Server 2012 R2/2016/2019, 528449 on Windows
 * Server 2022 and Windows 11, 528372 on Windows 10 2004+ ...; 4.8.1 is 533320 on Windows 11 22H2+
 * and 533325 elsewhere). Health Checker compares these minimums, never the exact value
 * (Shared/Get-NETFrameworkVersion.ps1).
 */
export interface DotNetVersion {
  name: string;
  /** The smallest Release value of this version: what two versions are compared by. */
  minimum: number;
}

/** Microsoft's "minimum value of the Release DWORD" table, newest first. */
const VERSIONS: readonly DotNetVersion[] = [
  { name: '4.8.1', minimum: 533320 },
  { name: '4.8', minimum: 528040 },
  { name: '4.7.2', minimum: 461808 },
  { name: '4.7.1', minimum: 461308 },
  { name: '4.7', minimum: 460798 },
  { name: '4.6.2', minimum: 394802 },
  { name: '4.6.1', minimum: 394254 },
  { name: '4.6', minimum: 393295 },
  { name: '4.5.2', minimum: 379893 },
  { name: '4.5.1', minimum: 378675 },
  { name: '4.5', minimum: 378389 },
];

export const DOTNET_48: DotNetVersion = { name: '4.8', minimum: 528040 };
export const DOTNET_481: DotNetVersion = { name: '4.8.1', minimum: 533320 };

/** The .NET version a Release value belongs to; null below 4.5 (no v4 Full key then). */
export function dotNetVersionOf(release: number): DotNetVersion | null {
  return VERSIONS.find(v => release >= v.minimum) ?? null;
}
