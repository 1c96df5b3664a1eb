import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError, type AppErrorShape } from '../../../src-shared/domain/errors';
import { discoverServers, type DiscoveryRequest } from '../discovery/discover';
import { builtInCatalog, certificateLogSymptoms, type Catalog } from '../../../src-shared/knowledge';
import { assessScan, reassessScan } from '../../../src-shared/assessment/assess';
import { applicableChoices, type ExtendedProtectionChoices } from '../../../src-shared/assessment/extended-protection-choices';
import type { ProbedServer, ScanReport, ServerScanResult } from '../../../src-shared/assessment/scan-report';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import type { ObservedAdLevels } from '../../../src-shared/domain/ad-levels';
import { sameServer, serverKey } from '../../../src-shared/domain/server-identity';
import { discoverFromExchangeShell, type DiscoveryResult, type LabServer } from '../discovery/sources';
import { labDeclaresThisComputer, readThisComputer } from '../discovery/this-computer';
import type { ThisComputer } from '../../../src-shared/domain/this-computer';
import type { ServerCredential } from '../credentials';
import type { ScriptRunner } from '../powershell/host';
import { captureFolderFor } from '../collector/collector';
import { prepareDemoLab } from '../demo/demo-lab';
import type { LabConfiguration } from '../lab/lab-configuration';
import { scanTargets, toProbedServer, type ScanJob, type ScanTarget } from '../scan/scan-service';
import { serverError } from '../scan/server-errors';

/*
 * From discovered servers to a scan report: works out how each server is
 * probed (remotely, in the demo, in a lab folder, from an imported collector
 * capture), scans them and builds the report. The wizard's handlers and
 * `exwiz scan` both use this.
 */

export interface ScanRequest {
  servers: DiscoveredServer[];
  organisationHasEsu: boolean;
  /** Required when any server comes from a lab folder. */
  labDirectory?: string;
  /** Merged over every lab server's lab.json (benchmarks inject latency with it). */
  labConfiguration?: LabConfiguration;
  /** The Exchange AD levels discovery read from Active Directory; the plan uses them. */
  adLevels?: ObservedAdLevels | null;
  /** The session's Extended Protection choices (server name → choice); the plan is made with those naming scanned servers. */
  extendedProtectionChoices?: ExtendedProtectionChoices | null;
}

export interface ScanDeps {
  runner: ScriptRunner;
  dataDirectory: string;
  concurrency: number;
  timeoutMs: number;
  job?: ScanJob;
  scriptPath?: string;
  now?: Date;
  /** The active catalog (default: the built-in one). */
  catalog?: Catalog;
  /** The computer the wizard runs on; undefined: read it (Get-ThisComputer.ps1) when it can matter. */
  thisComputer?: ThisComputer | null;
  /** "Connect as…" credentials given in this run (memory only). */
  credentialFor?: (server: DiscoveredServer) => ServerCredential | undefined;
  /** Demo servers the demo night has moved: their lab folder now, by server key (see demo-night.ts). */
  demoFolders?: ReadonlyMap<string, string>;
}

interface Resolved {
  targets: ScanTarget[];
  /** Servers that cannot be probed at all (not in their lab, no capture), already as results. */
  unresolved: ProbedServer[];
}

async function labIndex(runner: ScriptRunner, directory: string, signal?: AbortSignal): Promise<Map<string, LabServer>> {
  const found = await discoverFromExchangeShell(runner, { lab: { directory }, source: 'lab', ...(signal ? { signal } : {}) });
  if (found.errors.length > 0 && found.servers.length === 0) {
    const first = found.errors[0];
    throw new AppError(first?.code ?? 'not-found', first?.message ?? `No server was found in ${directory}.`, {
      fix: "Choose a folder of captures laid out like the Health Checker's (Exchange/, OS/), or a folder of such folders.",
    });
  }
  const index = new Map<string, LabServer>();
  for (const server of found.servers as LabServer[]) {
    if (server.labFolder) index.set(serverKey(server.name), server);
  }
  return index;
}

function notProbed(server: DiscoveredServer, message: string): ProbedServer {
  return toProbedServer(server, { facts: null, error: serverError('not-found', server.name, message), durationMs: 0 });
}

/** Decides for every server where its facts come from. */
export async function resolveTargets(request: ScanRequest, deps: ScanDeps): Promise<Resolved> {
  const signal = deps.job?.signal;
  const targets: ScanTarget[] = [];
  const unresolved: ProbedServer[] = [];
  let demoIndex: Map<string, LabServer> | null = null;
  let labServers: Map<string, LabServer> | null = null;
  const configuration = request.labConfiguration ? { configuration: request.labConfiguration } : {};
  for (const server of request.servers) {
    switch (server.source) {
      case 'demo': {
        if (demoIndex === null) {
          const directory = await prepareDemoLab(deps.runner, deps.dataDirectory, { ...(deps.now ? { now: deps.now } : {}), ...(signal ? { signal } : {}) });
          demoIndex = await labIndex(deps.runner, directory, signal);
        }
        const moved = deps.demoFolders?.get(serverKey(server.name));
        const found = moved ? { labFolder: moved } : demoIndex.get(serverKey(server.name));
        if (found) targets.push({ server, lab: { directory: found.labFolder, ...configuration }, collectionMethod: 'demo' });
        else unresolved.push(notProbed(server, `${server.name} is not part of the demo organisation.`));
        break;
      }
      case 'lab': {
        if (!request.labDirectory)
          throw new AppError('invalid-input', `${server.name} comes from a lab folder, but no lab folder was given.`, { fix: 'Scan it with its lab folder (exwiz scan --lab <folder>).' });
        labServers ??= await labIndex(deps.runner, request.labDirectory, signal);
        const found = labServers.get(serverKey(server.name));
        if (found) targets.push({ server, lab: { directory: found.labFolder, ...configuration }, collectionMethod: 'lab' });
        else unresolved.push(notProbed(server, `${server.name} is not in the lab folder ${request.labDirectory}.`));
        break;
      }
      case 'offline-collector': {
        const folder = captureFolderFor(deps.dataDirectory, server.name);
        if (existsSync(folder)) targets.push({ server, lab: { directory: folder }, collectionMethod: 'offline-collector' });
        else unresolved.push(notProbed(server, `No collector capture of ${server.name} has been imported on this computer.`));
        break;
      }
      default:
        targets.push({ server, collectionMethod: 'remote' });
    }
  }
  return { targets, unresolved };
}

/** What the report's "source" says about where the servers came from. */
function sourceLabel(servers: readonly DiscoveredServer[], labDirectory: string | undefined): string {
  const kinds = new Set(servers.map(s => (s.source === 'demo' || s.source === 'lab' || s.source === 'offline-collector' ? s.source : 'servers')));
  if (kinds.size !== 1) return 'mixed';
  const only = [...kinds][0] as string;
  if (only === 'lab' && labDirectory) return `lab:${path.resolve(labDirectory)}`;
  return only;
}

/** Probes the servers; results in request order, nothing concluded yet. */
async function probeOrganisation(request: ScanRequest, deps: ScanDeps): Promise<ProbedServer[]> {
  const { targets, unresolved } = await resolveTargets(request, deps);
  const thisComputer = deps.thisComputer !== undefined ? deps.thisComputer : await readThisComputerFor(request, targets, deps);
  const scanned = await scanTargets(targets, {
    thisComputer,
    ...(deps.credentialFor ? { credentialFor: deps.credentialFor } : {}),
    runner: deps.runner,
    concurrency: deps.concurrency,
    timeoutMs: deps.timeoutMs,
    certificateLogSymptoms: certificateLogSymptoms((deps.catalog ?? builtInCatalog()).certificateRules),
    ...(deps.job ? { job: deps.job } : {}),
    ...(deps.scriptPath ? { scriptPath: deps.scriptPath } : {}),
  });
  const byServer = new Map<DiscoveredServer, ProbedServer>();
  targets.forEach((t, i) => byServer.set(t.server, scanned[i] as ProbedServer));
  let u = 0;
  return request.servers.map(s => byServer.get(s) ?? (unresolved[u++] as ProbedServer));
}

/**
 * Which computer the wizard runs on, asked only where the answer can change a probe: remote
 * servers from Windows, or a lab that declares one of its servers "this computer".
 */
async function readThisComputerFor(request: ScanRequest, targets: readonly ScanTarget[], deps: ScanDeps): Promise<ThisComputer | null> {
  const signal = deps.job?.signal;
  const lab = request.labDirectory;
  if (lab !== undefined && targets.some(t => t.collectionMethod === 'lab') && labDeclaresThisComputer(lab, request.labConfiguration)) {
    return readThisComputer(deps.runner, { directory: lab, ...(request.labConfiguration ? { configuration: request.labConfiguration } : {}) }, signal);
  }
  if (process.platform === 'win32' && targets.some(t => t.collectionMethod === 'remote')) return readThisComputer(deps.runner, undefined, signal);
  return null;
}

/** Scans the servers (results in request order) and assesses them into the report. */
export async function scanOrganisation(request: ScanRequest, deps: ScanDeps): Promise<ScanReport> {
  const probed = await probeOrganisation(request, deps);
  return assessScan(probed, {
    source: sourceLabel(request.servers, request.labDirectory),
    organisationHasEsu: request.organisationHasEsu,
    catalog: deps.catalog ?? builtInCatalog(),
    adLevels: request.adLevels ?? null,
    extendedProtectionChoices: applicableChoices(
      probed.map(p => p.name),
      request.extendedProtectionChoices,
    ),
    ...(deps.now ? { now: deps.now } : {}),
  });
}

/**
 * Scans one server again and puts it into the earlier report (replacing the
 * result of the same server, else added): only that server is probed and
 * assessed again; the organisation is re-planned with it.
 */
export async function rescanIntoReport(previous: ScanReport, server: DiscoveredServer, deps: ScanDeps): Promise<{ server: ServerScanResult; report: ScanReport }> {
  const labDirectory = labDirectoryOf(previous);
  const [probed] = await probeOrganisation({ servers: [server], organisationHasEsu: previous.organisationHasEsu, ...(labDirectory ? { labDirectory } : {}) }, deps);
  if (!probed) throw new AppError('internal', `Scanning ${server.name} returned no result.`);
  const report = reassessScan(previous, probed, { catalog: deps.catalog ?? builtInCatalog(), ...(deps.now ? { now: deps.now } : {}) });
  return { server: report.servers.find(s => sameServer(s.name, probed.name)) as ServerScanResult, report };
}

/** The lab folder a report was made from ("lab:<dir>"), if any. */
function labDirectoryOf(report: ScanReport): string | undefined {
  return report.source.startsWith('lab:') ? report.source.slice(4) : undefined;
}

/**
 * Discovery, then a scan of what it found: what `exwiz scan` and
 * `exwiz report --demo` do in one go (the wizard runs the two as separate
 * steps). No server found is an error naming discovery's first problem.
 */
export async function discoverAndScan(
  discovery: DiscoveryRequest,
  request: Omit<ScanRequest, 'servers' | 'labDirectory'>,
  deps: ScanDeps,
  onDiscovered?: (found: DiscoveryResult) => void,
): Promise<{ report: ScanReport; discoveryErrors: AppErrorShape[] }> {
  const found = await discoverServers(discovery, { runner: deps.runner, dataDirectory: deps.dataDirectory, ...(deps.job?.signal ? { signal: deps.job.signal } : {}) });
  onDiscovered?.(found);
  if (found.servers.length === 0) {
    const first = found.errors[0];
    throw new AppError(first?.code ?? 'not-found', first?.message ?? 'No Exchange server was found.', first?.fix ? { fix: first.fix } : {});
  }
  const report = await scanOrganisation({ ...request, servers: found.servers, adLevels: found.adLevels ?? null, ...(discovery.labDirectory ? { labDirectory: discovery.labDirectory } : {}) }, deps);
  return { report, discoveryErrors: found.errors };
}
