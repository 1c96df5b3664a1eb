/**
 * Compares two a.b.c.d build strings numerically; missing parts count as 0.
 * Negative when a < b, positive when a > b.
 */
export function compareBuilds(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** "12.0.21005" ≥ "12.0.40664"? For VC++ and other dotted versions. */
export function versionAtLeast(version: string, minimum: string): boolean {
  return compareBuilds(version, minimum) >= 0;
}
