import path from 'node:path';
import { z } from 'zod';
import { AppError, ErrorCode, type AppErrorShape } from '../../../src-shared/domain/errors';
import { splitHostList, validateHostName } from '../../../src-shared/domain/host-names';
import { ObservedAdLevels } from '../../../src-shared/domain/ad-levels';
import type { DiscoveredServer, DiscoverySource } from '../../../src-shared/domain/discovery';
import { powershellScriptsDirectory } from '../paths';
import type { ScriptRunner } from '../powershell/host';
import type { LabConfiguration } from '../lab/lab-configuration';
import { AdServerEntry, serversFromAdEntries } from './ad-entries';

/*
 * The ways to find Exchange servers: Active Directory (LDAP), the Exchange
 * Management Shell (Get-ExchangeServer), a lab folder, and names the admin
 * typed. Each returns servers plus typed errors; none throws for an
 * unreachable source (only for cancellation or a missing PowerShell).
 */

export interface DiscoveryResult {
  servers: DiscoveredServer[];
  errors: AppErrorShape[];
  /** The Exchange AD levels read from Active Directory (AD discovery, or the lab's data); absent when the source cannot read them. */
  adLevels?: ObservedAdLevels | null;
}

/** A server found in a lab folder, with the folder that holds its captures. */
export interface LabServer extends DiscoveredServer {
  labFolder: string;
}

const SourceError = z.object({ code: ErrorCode, message: z.string() }).nullable();

const EmsDiscovery = z.object({
  servers: z.array(
    z.object({
      name: z.string(),
      fqdn: z.string().nullable(),
      adminDisplayVersion: z.string().nullable(),
      roles: z.array(z.string()),
      site: z.string().nullable(),
      isEdge: z.boolean(),
      labFolder: z.string().nullable(),
    }),
  ),
  adLevels: ObservedAdLevels.nullable().optional(),
  error: SourceError,
});

const AdDiscovery = z.object({ entries: z.array(AdServerEntry), adLevels: ObservedAdLevels.nullable().optional(), error: SourceError });

function discoveryScript(name: string): string {
  return path.join(powershellScriptsDirectory(), 'discovery', name);
}

const FIXES: Partial<Record<ErrorCode, string>> = {
  'access-denied': 'Sign in with a domain account that may read the Exchange configuration (any domain user can for AD; the Exchange shell needs an Exchange administrator).',
  unreachable: "Run the wizard on a computer joined to the Exchange organisation's domain, and check its DNS settings.",
  'winrm-unreachable': 'Check that the server is running and that http://<server>/PowerShell answers from this computer, or use Active Directory discovery instead.',
  'ems-missing': 'Give the name of a Mailbox server whose PowerShell virtual directory works, or use Active Directory discovery instead.',
  'execution-policy':
    'Group Policy\'s execution policy on this computer (AllSigned or Restricted) refuses the temporary module Import-PSSession writes: have it set to RemoteSigned for this jump box ("Get-ExecutionPolicy -List" shows it), or use Active Directory discovery instead.',
  unsupported: 'Run the wizard on the Windows jump box joined to the domain, or type the server names.',
};

function sourceError(error: { code: ErrorCode; message: string }, what: string): AppErrorShape {
  const shape: AppErrorShape = { code: error.code, message: `${what}: ${error.message}` };
  const fix = FIXES[error.code];
  if (fix) shape.fix = fix;
  return shape;
}

/** Active Directory: msExchExchangeServer objects in the configuration partition. */
export async function discoverFromActiveDirectory(runner: ScriptRunner, signal?: AbortSignal, levelsTimeoutMs = 60_000): Promise<DiscoveryResult> {
  const script = discoveryScript('Find-ExchangeServersInAd.ps1');
  const { value } = await runner.run(script, { SkipLevels: true }, { schema: AdDiscovery, timeoutMs: 60_000, ...(signal ? { signal } : {}) });
  const servers = serversFromAdEntries(value.entries);
  if (value.error) return { servers, errors: [sourceError(value.error, 'Active Directory could not be searched')], adLevels: null };
  // The levels walk every domain of the forest: a dead child domain may hold it up to its
  // time limit, or fail it. The servers are already found and stay found.
  try {
    const levels = await runner.run(script, { LevelsOnly: true }, { schema: AdDiscovery, timeoutMs: levelsTimeoutMs, ...(signal ? { signal } : {}) });
    return { servers, errors: [], adLevels: levels.value.adLevels ?? null };
  } catch (err) {
    if (err instanceof AppError && err.code === 'cancelled') throw err;
    const why = err instanceof Error ? err.message : String(err);
    return {
      servers,
      errors: [],
      adLevels: {
        schemaRangeUpper: null,
        organisationObjectVersion: null,
        domains: [],
        readAt: new Date().toISOString(),
        error: `The Exchange levels of Active Directory could not be read (a domain of the forest may not answer): ${why}`,
      },
    };
  }
}

interface ShellDiscoveryOptions {
  /** The server whose Exchange Management Shell answers (remote mode). */
  connectionServer?: string;
  /** A lab folder (one server or an organisation of server folders) instead. */
  lab?: { directory: string; configuration?: LabConfiguration };
  source: DiscoverySource;
  signal?: AbortSignal;
}

/** Get-ExchangeServer through the Exchange Management Shell, or against a lab folder. */
export async function discoverFromExchangeShell(
  runner: ScriptRunner,
  options: ShellDiscoveryOptions,
): Promise<{ servers: LabServer[] | DiscoveredServer[]; errors: AppErrorShape[]; adLevels: ObservedAdLevels | null }> {
  const parameters: Record<string, string | LabConfiguration> = { ResourceDirectory: powershellScriptsDirectory() };
  if (options.lab) {
    parameters.LabDirectory = options.lab.directory;
    if (options.lab.configuration) parameters.LabConfiguration = options.lab.configuration;
  } else {
    const check = validateHostName(options.connectionServer ?? '');
    if (!check.valid || check.normalized === null) {
      throw new AppError('invalid-input', `Give the name of an Exchange server to connect to: ${check.error ?? 'no name given'}`);
    }
    parameters.ConnectionServer = check.normalized;
  }
  const { value } = await runner.run(discoveryScript('Find-ExchangeServersViaEms.ps1'), parameters, {
    schema: EmsDiscovery,
    timeoutMs: 120_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const what = options.lab ? `The lab folder ${options.lab.directory} could not be read` : `The Exchange Management Shell of ${options.connectionServer} could not be used`;
  const servers = value.servers
    .filter(s => s.name !== '')
    .map(s => ({
      name: s.name,
      fqdn: s.fqdn,
      versionHint: s.adminDisplayVersion,
      roles: s.isEdge && !s.roles.includes('Edge') ? [...s.roles, 'Edge'] : s.roles,
      site: s.site,
      source: options.source,
      notes: options.lab ? [] : ['Get-ExchangeServer shows the CU only; the installed security update is read from ExSetup.exe during the scan.'],
      ...(s.labFolder ? { labFolder: s.labFolder } : {}),
    }));
  return { servers, errors: value.error ? [sourceError(value.error, what)] : [], adLevels: value.adLevels ?? null };
}

/** Names the admin typed, validated; each invalid one is an error, the valid ones go on. */
export function discoverFromNames(input: readonly string[]): DiscoveryResult {
  const names = input.flatMap(entry => splitHostList(entry));
  const servers: DiscoveredServer[] = [];
  const errors: AppErrorShape[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const check = validateHostName(name);
    if (!check.valid || check.normalized === null) {
      errors.push({ code: 'invalid-input', message: `"${name}" is not a valid server name: ${check.error}`, fix: 'Use the NetBIOS name, the full DNS name (ex01.contoso.local) or the IPv4 address.' });
      continue;
    }
    const normalized = check.normalized;
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    const isAddress = /^\d+\.\d+\.\d+\.\d+$/.test(normalized);
    const isFqdn = !isAddress && normalized.includes('.');
    servers.push({
      name: isAddress ? normalized : (normalized.split('.')[0] ?? normalized).toUpperCase(),
      fqdn: isFqdn ? normalized : null,
      versionHint: null,
      roles: [],
      site: null,
      source: 'manual',
      notes: isAddress ? ["An IP address cannot be used with Kerberos: probing will likely fail with access denied. Use the server's DNS name."] : [],
    });
  }
  return { servers, errors };
}
