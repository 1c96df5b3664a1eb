import { AppError, type AppErrorShape, type ErrorCode } from '../../../src-shared/domain/errors';
import type { SectionError, ServerFacts } from '../../../src-shared/domain/facts';

/**
 * Why one server could not be probed (or only partly), as a typed error with
 * the reason and what the admin can do about it. Every failure of one server
 * becomes one of these; the scan of the other servers goes on.
 */

/** The probe's two connections: the remote Exchange Management Shell and WinRM to the server. */
export const CONNECTION_SECTIONS = ['exchange-shell', 'winrm'] as const;

/** Worst first: the one shown when both connections failed for different reasons. */
const PRIORITY: readonly ErrorCode[] = ['needs-credential', 'access-denied', 'unreachable', 'winrm-unreachable', 'constrained-language', 'execution-policy', 'ems-missing', 'malformed-output'];

function fixFor(code: ErrorCode, server: string, timeoutSeconds?: number): string | undefined {
  switch (code) {
    case 'access-denied':
      return `Run the wizard as a domain account that is a member of "Organization Management" and a local administrator on ${server}. Kerberos needs the server's DNS name, not its IP address.`;
    case 'needs-credential':
      return `Kerberos cannot sign in to ${server} (a workgroup server, such as an Edge Transport server): use "Connect as…" with an administrator account of ${server}, over WinRM HTTPS (port 5986) or with ${server} in this computer's TrustedHosts. Or run the offline collector on the server.`;
    case 'unreachable':
      return `This computer could not resolve ${server} in DNS: check the name (use the full DNS name, e.g. ex01.contoso.local) and the DNS settings of this computer.`;
    case 'winrm-unreachable':
      return `Check that ${server} is running and that PowerShell remoting answers from this computer ("Test-WSMan ${server}"). On the server, "winrm quickconfig" enables it; TCP 5985 must be open. If remoting is not allowed, run the offline collector on the server instead.`;
    case 'ems-missing':
      return `The Exchange Management Shell endpoint http://${server}/PowerShell did not answer, so the Exchange settings (EEMS switches, certificates, maintenance state) are missing. Check that ${server} is an Exchange server, that IIS runs and that the PowerShell virtual directory works; or run the offline collector on the server.`;
    case 'execution-policy':
      return `Group Policy's PowerShell execution policy on this computer (AllSigned or Restricted, which "-ExecutionPolicy Bypass" cannot override) refuses the temporary module Import-PSSession writes, so the Exchange settings of ${server} are missing; the PowerShell virtual directory is not at fault. Have the policy for this jump box set to RemoteSigned (Computer Configuration > Administrative Templates > Windows Components > Windows PowerShell > Turn on Script Execution: "Allow local scripts and remote signed scripts"; "Get-ExecutionPolicy -List" shows it), run the wizard on a computer without it, or run the offline collector on the server.`;
    case 'constrained-language':
      return `PowerShell on ${server} runs in ConstrainedLanguage mode (AppLocker or Windows Defender Application Control on the server), which refuses the probe. Allow PowerShell remoting sessions of administrators in FullLanguage mode there, or run the offline collector on the server.`;
    case 'malformed-output':
      return `${server} answered with something the probe cannot read, often text printed by a PowerShell profile or logon script on the server. Remove that output or run the offline collector on the server.`;
    case 'timeout':
      return `${server} did not finish within ${timeoutSeconds ?? '?'} s. Check that it is running and not overloaded, then scan it again; a slow link may need a longer timeout (exwiz scan --timeout).`;
    case 'script-error':
      return 'The probe stopped on an unexpected error. Scan this server again; if it keeps failing, run the offline collector on the server and send the error detail to support.';
    case 'powershell-crashed':
      return 'PowerShell on this computer stopped during the probe. Scan this server again; the wizard starts a fresh PowerShell.';
    case 'invalid-input':
      return "Use the server's NetBIOS name, its full DNS name or its IPv4 address.";
    case 'unsupported':
      return 'Run the wizard on the Windows jump box, or run the offline collector on the server and import its capture.';
    default:
      return undefined;
  }
}

/** One typed per-server error. */
export function serverError(code: ErrorCode, server: string, message: string, detail?: string, timeoutSeconds?: number): AppErrorShape {
  const shape: AppErrorShape = { code, message };
  const fix = fixFor(code, server, timeoutSeconds);
  if (fix !== undefined) shape.fix = fix;
  if (detail !== undefined && detail !== '') shape.detail = detail.slice(0, 4000);
  return shape;
}

function channelName(section: string): string {
  if (section === 'both') return 'PowerShell remoting (WinRM) or the Exchange Management Shell';
  return section === 'winrm' ? 'PowerShell remoting (WinRM)' : 'the Exchange Management Shell';
}

function sentence(code: ErrorCode, server: string, section: string): string {
  switch (code) {
    case 'access-denied':
      return `Access to ${server} was denied over ${channelName(section)}.`;
    case 'needs-credential':
      return `${server} needs an account to sign in with: Kerberos cannot reach it over ${channelName(section)}.`;
    case 'unreachable':
      return `${server} could not be found: its name does not resolve.`;
    case 'winrm-unreachable':
      return `${server} did not answer over ${channelName(section)}.`;
    case 'ems-missing':
      return `The Exchange Management Shell of ${server} could not be reached, so only Windows-level facts were collected.`;
    case 'execution-policy':
      return `The execution policy on this computer blocked the Exchange Management Shell session to ${server}, so only Windows-level facts were collected.`;
    case 'malformed-output':
      return `${server} returned output the probe could not read.`;
    default:
      return `Probing ${server} failed over ${channelName(section)}.`;
  }
}

export interface ConnectionVerdict {
  /** The server-level error, null when both connections worked. */
  error: AppErrorShape | null;
  /** Neither connection returned anything: the facts only repeat discovery. */
  nothingCollected: boolean;
}

/**
 * Reads the probe's connection section errors: which typed error the server
 * gets, and whether anything at all was collected.
 */
export function connectionVerdict(facts: ServerFacts, server: string): ConnectionVerdict {
  const failures = facts.sectionErrors.filter((e): e is SectionError & { code: ErrorCode } => (CONNECTION_SECTIONS as readonly string[]).includes(e.section) && e.code !== undefined);
  if (failures.length === 0) return { error: null, nothingCollected: false };
  const failed = new Set(failures.map(f => f.section));
  // The Edge path skips the shell, so a lone WinRM failure there also means nothing came back.
  const nothingCollected = failed.has('winrm') && (failed.has('exchange-shell') || facts.identity.adminDisplayVersion === null);
  const worst = [...failures].sort((a, b) => rank(a.code) - rank(b.code))[0] as SectionError & { code: ErrorCode };
  const detail = failures.map(f => `${f.section}: ${f.message}`).join('\n');
  const same = failed.size > 1 && failures.every(f => f.code === worst.code);
  return { error: serverError(worst.code, server, sentence(worst.code, server, same ? 'both' : worst.section), detail), nothingCollected };
}

function rank(code: ErrorCode): number {
  const at = PRIORITY.indexOf(code);
  return at < 0 ? PRIORITY.length : at;
}

/**
 * A failure of the PowerShell run itself (timeout, unreadable output, a crash)
 * as the server's error. Cancellation and a missing PowerShell are not about
 * one server and are rethrown by the caller.
 */
export function hostFailure(err: unknown, server: string, timeoutMs: number): AppErrorShape {
  if (err instanceof AppError) {
    switch (err.code) {
      case 'timeout':
        return serverError('timeout', server, `${server} did not answer within ${Math.round(timeoutMs / 1000)} s.`, err.detail, Math.round(timeoutMs / 1000));
      case 'malformed-output':
        return serverError('malformed-output', server, `The probe of ${server} returned data the wizard cannot read.`, [err.message, err.detail].filter(Boolean).join('\n'));
      case 'script-error':
        return serverError('script-error', server, `The probe of ${server} failed: ${err.message}`, err.detail);
      case 'powershell-crashed':
        return serverError('powershell-crashed', server, `PowerShell stopped while probing ${server}.`, err.detail);
      default:
        return serverError(err.code, server, err.message, err.detail);
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return serverError('internal', server, `Probing ${server} failed unexpectedly: ${message}`, err instanceof Error ? err.stack : undefined);
}

/** Errors that concern the whole scan, not one server: they stop it. */
export function isScanWideFailure(err: unknown): boolean {
  return err instanceof AppError && (err.code === 'cancelled' || err.code === 'powershell-missing');
}
