/**
 * Reads the error text of the OCS reachability test run on the server and
 * names the likely cause in words an admin can act on.
 *
 * The texts are those of .NET's WebException / HttpRequestException as
 * Invoke-WebRequest reports them on Windows PowerShell 5.1 and PowerShell 7.
 */
export type OcsFailureCause = 'proxy' | 'tls-inspection' | 'dns' | 'firewall' | 'timeout' | 'http-status' | 'other';

export interface OcsFailure {
  cause: OcsFailureCause;
  /** What this usually means, one sentence. */
  meaning: string;
  /** What to check, one or two sentences. */
  fix: string;
}

const RULES: Array<{ cause: OcsFailureCause; pattern: RegExp; meaning: string; fix: string }> = [
  {
    cause: 'proxy',
    pattern: /\b407\b|proxy authentication|proxy/i,
    meaning: 'The request went to a proxy server that refused or could not forward it.',
    fix: 'Check the proxy set with Set-ExchangeServer -InternetWebProxy and with "netsh winhttp show proxy"; the proxy must allow officeclient.microsoft.com without user authentication.',
  },
  {
    cause: 'tls-inspection',
    pattern: /certificate|trust relationship|SSL\/TLS secure channel|remote certificate is invalid|chain|authentication failed/i,
    meaning: "The TLS connection failed on a certificate: usually a firewall or proxy that inspects TLS and replaces Microsoft's certificate with its own.",
    fix: 'Exclude officeclient.microsoft.com from TLS/SSL inspection, and make sure the server can reach the certificate revocation lists and ctldl.windowsupdate.com (port 80).',
  },
  {
    cause: 'dns',
    pattern: /could not be resolved|no such host|name or service not known|nodename nor servname|NameResolutionFailure/i,
    meaning: 'The server could not look up officeclient.microsoft.com in DNS.',
    fix: 'Check the DNS servers of the Exchange server, or set a proxy if the network only reaches the internet through one.',
  },
  {
    cause: 'timeout',
    pattern: /timed out|timeout/i,
    meaning: 'The connection attempt did not get an answer in time.',
    fix: 'Check that outbound HTTPS (TCP 443) to officeclient.microsoft.com is allowed by the firewall, or configure the proxy.',
  },
  {
    cause: 'firewall',
    pattern: /unable to connect|actively refused|connection refused|no connection could be made|network is unreachable|forcibly closed/i,
    meaning: 'The connection to officeclient.microsoft.com was blocked or refused.',
    fix: 'Allow outbound HTTPS (TCP 443) from the Exchange server to officeclient.microsoft.com, or configure the proxy.',
  },
];

/**
 * Whether the test's failure is a proxy asking for a sign-in (HTTP 407). The wizard's test runs
 * in a remote session, which cannot pass the admin's credentials on to the proxy (the second
 * hop), so a 407 there says nothing about EEMS, which runs as the server itself and may sign in
 * to the proxy fine: inconclusive, and EEMS's own events decide.
 */
export function isProxySignInChallenge(test: { statusCode: number | null; error: string | null } | null): boolean {
  if (!test || test.statusCode === 200) return false;
  return test.statusCode === 407 || /\b407\b|proxy authentication required/i.test(test.error ?? '');
}

export function classifyOcsFailure(errorText: string | null, statusCode: number | null): OcsFailure {
  if (errorText) {
    const rule = RULES.find(r => r.pattern.test(errorText));
    if (rule) return { cause: rule.cause, meaning: rule.meaning, fix: rule.fix };
  }
  if (statusCode !== null && statusCode !== 200) {
    return {
      cause: 'http-status',
      meaning: `The Office Config Service answered with HTTP ${statusCode} instead of 200.`,
      fix: 'A proxy or firewall may be answering instead of Microsoft; check the proxy and firewall logs for officeclient.microsoft.com.',
    };
  }
  return {
    cause: 'other',
    meaning: 'The test request to the Office Config Service failed.',
    fix: 'Run Test-MitigationServiceConnectivity.ps1 from the Exchange Scripts folder on the server and follow https://aka.ms/HelpConnectivityEEMS.',
  };
}
