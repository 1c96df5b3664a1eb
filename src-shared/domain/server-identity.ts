/*
 * One answer to "is this the same server?" for the whole code base.
 *
 * Exchange servers show up under two names: the short (NetBIOS/host) name
 * Get-ExchangeServer and the discovery list use ("EX01"), and the FQDN that
 * staging, progress and WinRM use ("ex01.contoso.local"). Windows host names
 * are case-insensitive. So "EX01" and "ex01.contoso.local" are the same
 * server; "ex01.contoso.local" and "ex01.fabrikam.local" are not (two FQDNs
 * are only equal when they are equal as a whole); an IP address is only ever
 * equal to itself, never cut at its first dot.
 */

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function isIpAddress(name: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(name) || name.includes(':');
}

/**
 * The key a server is known by: its short name in lower case ("ex01" for
 * "EX01" and for "ex01.contoso.local"), or the whole address for an IP.
 * Use it for maps and sets of servers; use {@link sameServer} to compare.
 */
export function serverKey(name: string): string {
  const n = normalise(name);
  if (isIpAddress(n)) return n;
  const dot = n.indexOf('.');
  return dot > 0 ? n.slice(0, dot) : n;
}

/** Whether two recorded names stand for the same server (short name ≡ FQDN, case-insensitive). */
export function sameServer(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = normalise(a);
  const y = normalise(b);
  if (x === '' || y === '') return false;
  if (x === y) return true;
  if (isIpAddress(x) || isIpAddress(y)) return false;
  // Two FQDNs must match whole; a short name matches the first label of an FQDN.
  if (x.includes('.') && y.includes('.')) return false;
  return serverKey(x) === serverKey(y);
}

/** Whether a name recorded elsewhere (staging, checklist, progress) refers to a server known by its name and FQDN. */
export function isServer(recorded: string | null | undefined, server: { name: string; fqdn?: string | null }): boolean {
  return sameServer(recorded, server.name) || sameServer(recorded, server.fqdn ?? null);
}
