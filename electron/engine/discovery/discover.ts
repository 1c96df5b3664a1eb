import { statSync } from 'node:fs';
import { AppError, type AppErrorShape } from '../../../src-shared/domain/errors';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import type { ScriptRunner } from '../powershell/host';
import { runBounded } from '../concurrency/bounded';
import { prepareDemoLab } from '../demo/demo-lab';
import { fingerprintServer, type FingerprintResult } from './https-fingerprint';
import { discoverFromActiveDirectory, discoverFromExchangeShell, discoverFromNames, type DiscoveryResult, type LabServer } from './sources';
import { isEdgeTransport } from '../../../src-shared/domain/exchange-server';
import { validateHostName } from '../../../src-shared/domain/host-names';
import { isIpv4, reverseLookup, type ReverseLookup } from './dns-lookup';

/** How the admin asked to find servers (the discoverServers request). */
export type DiscoveryMethod = 'demo' | 'active-directory' | 'exchange-shell' | 'manual' | 'lab';

export interface DiscoveryRequest {
  method: DiscoveryMethod;
  /** Manual: the names; exchange-shell: the first is the server to connect to. */
  names?: string[];
  labDirectory?: string;
}

export interface DiscoveryDeps {
  runner: ScriptRunner;
  dataDirectory: string;
  signal?: AbortSignal;
  /** HTTPS cross-check of manual and AD servers; null turns it off (tests, offline). */
  fingerprint?: ((host: string) => Promise<FingerprintResult>) | null;
  /** Reverse DNS for servers typed as IP addresses (tests replace it). */
  reverse?: ReverseLookup;
}

/** Finds servers by the chosen method; unreachable sources become errors, not exceptions. */
export async function discoverServers(request: DiscoveryRequest, deps: DiscoveryDeps): Promise<DiscoveryResult> {
  const signal = deps.signal;
  switch (request.method) {
    case 'demo': {
      const directory = await prepareDemoLab(deps.runner, deps.dataDirectory, signal ? { signal } : {});
      return stripFolders(await discoverFromExchangeShell(deps.runner, { lab: { directory }, source: 'demo', ...(signal ? { signal } : {}) }));
    }
    case 'lab': {
      if (!request.labDirectory) throw new AppError('invalid-input', 'Give the lab folder to read.', { fix: "Choose a folder of captures laid out like the Health Checker's (Exchange/, OS/)." });
      if (!statSync(request.labDirectory, { throwIfNoEntry: false })?.isDirectory()) {
        throw new AppError('not-found', `The lab folder ${request.labDirectory} does not exist.`, {
          fix: "Choose a folder of captures laid out like the Health Checker's (Exchange/, OS/), or a folder of such folders.",
        });
      }
      return stripFolders(await discoverFromExchangeShell(deps.runner, { lab: { directory: request.labDirectory }, source: 'lab', ...(signal ? { signal } : {}) }));
    }
    case 'exchange-shell': {
      const connectionServer = request.names?.[0];
      if (!connectionServer) throw new AppError('invalid-input', 'Give the name of an Exchange server whose Management Shell the wizard can use.');
      const found = await discoverFromExchangeShell(deps.runner, { connectionServer, source: 'exchange-shell', ...(signal ? { signal } : {}) });
      return { servers: found.servers, errors: found.errors };
    }
    case 'active-directory':
      return crossCheck(await discoverFromActiveDirectory(deps.runner, signal), deps);
    case 'manual':
      return crossCheck(await namesForAddresses(discoverFromNames(request.names ?? []), deps.reverse), deps);
  }
}

/**
 * Servers typed as IP addresses: Kerberos (WinRM, the Exchange shell) cannot sign in to an
 * address, so each takes its DNS name from a reverse lookup, or is refused here with the reason
 * instead of failing later as "access denied".
 */
export async function namesForAddresses(found: DiscoveryResult, lookupPtr?: ReverseLookup): Promise<DiscoveryResult> {
  const errors = [...found.errors];
  const servers: DiscoveredServer[] = [];
  for (const server of found.servers) {
    if (!isIpv4(server.name)) {
      servers.push(server);
      continue;
    }
    const answer = await reverseLookup(server.name, lookupPtr);
    const check = answer.value === null ? null : validateHostName(answer.value);
    if (check?.valid && check.normalized && !isIpv4(check.normalized)) {
      const fqdn = check.normalized;
      const note = `Typed as ${server.name}; its DNS name ${fqdn} (reverse lookup) is used, because Kerberos needs the server's name.`;
      servers.push({ ...server, name: (fqdn.split('.')[0] ?? fqdn).toUpperCase(), fqdn: fqdn.includes('.') ? fqdn : null, notes: [note] });
      continue;
    }
    errors.push({
      code: 'invalid-input',
      message: `${server.name} is an IP address, and DNS ${answer.found === null ? `could not be asked for its name (${answer.error ?? 'no answer'})` : 'has no name for it (no reverse lookup record)'}: the wizard connects with Kerberos, which needs the server's name.`,
      fix: "Type the server's DNS name (for example ex01.contoso.local) instead of its address.",
    });
  }
  return { ...found, servers, errors };
}

function stripFolders(found: { servers: DiscoveredServer[] | LabServer[]; errors: AppErrorShape[]; adLevels: DiscoveryResult['adLevels'] }): DiscoveryResult {
  return { servers: found.servers.map(({ labFolder: _folder, ...server }: DiscoveredServer & { labFolder?: string }) => server), errors: found.errors, adLevels: found.adLevels ?? null };
}

/**
 * Adds what each server's OWA logon page says about its build (and any
 * certificate problem) to the discovered servers. Edge servers have no OWA.
 */
async function crossCheck(found: DiscoveryResult, deps: DiscoveryDeps): Promise<DiscoveryResult> {
  const fingerprint = deps.fingerprint === undefined ? (host: string) => fingerprintServer(host, { timeoutMs: 5000 }) : deps.fingerprint;
  if (fingerprint === null) return found;
  const servers = await runBounded(
    found.servers,
    8,
    async server => {
      if (isEdgeTransport({ facts: null, roles: server.roles })) return server;
      const result = await fingerprint(server.fqdn ?? server.name);
      const versionHint = server.versionHint ?? result.owaVersion ?? result.pathBuild;
      const seen: string[] = [];
      if (result.owaVersion) seen.push(`X-OWA-Version ${result.owaVersion}`);
      if (result.pathBuild) seen.push(`OWA resources of build ${result.pathBuild}`);
      const notes = [...server.notes, ...result.notes];
      if (seen.length > 0) notes.push(`The OWA logon page shows ${seen.join(' and ')} (read over HTTPS without signing in).`);
      return { ...server, versionHint, notes };
    },
    deps.signal,
  );
  return { servers, errors: found.errors, ...(found.adLevels !== undefined ? { adLevels: found.adLevels } : {}) };
}
