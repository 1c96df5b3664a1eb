/**
 * "Connect as…": signing in to a server Kerberos cannot reach (a workgroup Edge Transport
 * server) with one of its own administrator accounts. What WinRM needs for it, said wherever
 * a server needs it (the server's error, the dialog).
 */
export const CONNECT_AS_TRANSPORT =
  'WinRM over HTTPS: a listener on port 5986 with a certificate this computer trusts ("winrm quickconfig -transport:https" on the server); or over HTTP with the server in this computer\'s TrustedHosts (Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value <server> -Concatenate, as administrator)';

/** Whether a server's error is one "Connect as…" can answer: Kerberos could not sign in. */
export function needsConnectAs(error: { code: string } | null | undefined, roles: readonly string[]): boolean {
  if (!error) return false;
  if (error.code === 'needs-credential') return true;
  return roles.includes('Edge') && (error.code === 'access-denied' || error.code === 'winrm-unreachable');
}
