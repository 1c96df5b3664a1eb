import { exSetupBuild } from '../../../src-shared/assessment/assess';
import type { ProbedServer } from '../../../src-shared/assessment/scan-report';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import { isThisExchangeServer, restartAsAdministratorCommand, type ThisComputer } from '../../../src-shared/domain/this-computer';
import { acceptedFqdn } from '../../../src-shared/domain/host-names';
import { builtInCatalog, certificateLogSymptoms } from '../../../src-shared/knowledge';
import type { JobProgress } from '../../../src-shared/ipc/contract';
import type { ScriptRunner } from '../powershell/host';
import { runProbeBatch, type BatchSummary } from './probe-batch';
import type { ServerCredential } from '../credentials';
import { probeOutcome, probeParameters, refuseTarget, type LabSource, type ProbeOptions, type ProbeOutcome, type ProbeTarget } from './probe';

/** One server to scan: what discovery said about it and, for lab scans, its capture folder. */
export interface ScanTarget {
  server: DiscoveredServer;
  lab?: LabSource;
  /** "remote", "lab", "demo", "offline-collector"; default "lab" with a folder, else "remote". */
  collectionMethod?: string;
}

/** The slice of a job the scan needs: its cancel signal and its progress reporter. */
export interface ScanJob {
  readonly signal: AbortSignal;
  progress(update: Omit<JobProgress, 'jobId' | 'kind'>): void;
}

export interface ScanOptions {
  runner: ScriptRunner;
  /** The most servers probed at once: the batch's adaptive throttle grows up to it. */
  concurrency: number;
  /** Per-server limit for the whole probe. */
  timeoutMs: number;
  job?: ScanJob;
  /** The per-server probe script (tests). */
  scriptPath?: string;
  connectTimeoutSeconds?: number;
  /** The computer the wizard runs on (Get-ThisComputer.ps1): the Exchange server it is, if any, is probed in-process. */
  thisComputer?: ThisComputer | null;
  /** "Connect as…": the credential the admin gave for a server (memory only), if any. */
  credentialFor?: (server: DiscoveredServer) => ServerCredential | undefined;
  /** How to start the wizard again as administrator (default: this process's own command line). */
  restartCommand?: string;
  /** The active catalog's certificate symptoms (default: the built-in catalog's). */
  certificateLogSymptoms?: readonly string[];
  /** Called with the batch's own account (throttle reached, timed out) once it ended. */
  onBatchSummary?: (summary: BatchSummary) => void;
}

export const DEFAULT_SCAN_TIMEOUT_MS = 180_000;

/** Servers whose facts come from stand-ins, never from this computer: the demo and imported captures. */
const PROBED_ELSEWHERE = new Set(['demo', 'offline-collector']);

/**
 * The most servers probed at once by default: Invoke-Command's own default
 * ThrottleLimit. A probe mostly waits on the network, and the runspaces share
 * one PowerShell process, so this costs memory per runspace, not per process;
 * the batch lowers its limit by itself while the process is CPU-bound.
 */
export const DEFAULT_SCAN_PARALLELISM = 32;

/**
 * Scans servers in one PowerShell batch (a RunspacePool fanning out in one
 * host): a typed error on a server when it fails, the others go on. Reports
 * progress per server as it starts and as its result arrives, results come
 * back in target order; a cancelled job stops the batch and rejects with a
 * cancelled error.
 */
export async function scanTargets(targets: readonly ScanTarget[], options: ScanOptions): Promise<ProbedServer[]> {
  const total = targets.length;
  let completed = 0;
  const job = options.job;
  const results = new Array<ProbedServer>(total);
  const computer = options.thisComputer ?? null;
  const restart = options.restartCommand ?? restartAsAdministratorCommand(process.execPath, process.argv.slice(1));
  const probeTargets = targets.map((target): ProbeTarget => {
    const credential = options.credentialFor?.(target.server);
    return {
      name: target.server.name,
      fqdn: target.server.fqdn,
      roles: target.server.roles,
      ...(target.lab ? { lab: target.lab } : {}),
      ...(computer && !PROBED_ELSEWHERE.has(target.collectionMethod ?? '') && isThisExchangeServer(computer, target.server) ? { local: { computer, restart } } : {}),
      ...(credential ? { credential } : {}),
    };
  });
  const started = (index: number) => {
    const name = targets[index]?.server.name ?? '';
    job?.progress({ phase: 'progress', message: `Scanning ${name}…`, completed, total, unit: 'items', serverName: name });
  };
  const finished = (index: number, outcome: ProbeOutcome) => {
    const result = toProbedServer((targets[index] as ScanTarget).server, outcome);
    results[index] = result;
    completed++;
    job?.progress({
      phase: 'item-finished',
      message: finishedMessage(result),
      completed,
      total,
      unit: 'items',
      serverName: result.name,
      ...(result.error ? { error: result.error } : {}),
    });
  };

  // Names that are no host name (and remoting off Windows) fail before any PowerShell runs.
  const batch: number[] = [];
  for (const [index, target] of probeTargets.entries()) {
    const refused = refuseTarget(target);
    if (refused === null) {
      batch.push(index);
      continue;
    }
    started(index);
    finished(index, { facts: null, error: refused, durationMs: 0 });
  }
  if (batch.length === 0) return results;

  const certificateLogSymptomList = options.certificateLogSymptoms ?? certificateLogSymptoms(builtInCatalog().certificateRules);
  const probeOptions = (index: number): ProbeOptions => ({
    timeoutMs: options.timeoutMs,
    certificateLogSymptoms: certificateLogSymptomList,
    collectionMethod: targets[index]?.collectionMethod ?? (targets[index]?.lab ? 'lab' : 'remote'),
    ...(options.connectTimeoutSeconds ? { connectTimeoutSeconds: options.connectTimeoutSeconds } : {}),
  });
  let scanWide: unknown = null;
  const summary = await runProbeBatch(
    batch.map(index => ({ parameters: probeParameters(probeTargets[index] as ProbeTarget, probeOptions(index)) })),
    {
      runner: options.runner,
      timeoutMs: options.timeoutMs,
      maxParallel: options.concurrency,
      ...(job ? { signal: job.signal } : {}),
      ...(options.scriptPath ? { scriptPath: options.scriptPath } : {}),
    },
    {
      started: at => started(batch[at] as number),
      finished: (at, run) => {
        const index = batch[at] as number;
        try {
          finished(index, probeOutcome(probeTargets[index] as ProbeTarget, run, options.timeoutMs, run.durationMs));
        } catch (err) {
          scanWide ??= err;
        }
      },
    },
  );
  if (scanWide !== null) throw scanWide;
  if (summary) options.onBatchSummary?.(summary);
  return results;
}

function finishedMessage(result: ProbedServer): string {
  const build = exSetupBuild(result);
  if (!result.error) return `${result.name} scanned${build ? ` (build ${build})` : ''}.`;
  return result.facts ? `${result.name} scanned in part: ${result.error.message}` : `${result.name} could not be scanned: ${result.error.message}`;
}

/**
 * One server as probed, before the assessment (src-shared/assessment/):
 * identity from the server itself when it answered, else from discovery.
 */
export function toProbedServer(server: DiscoveredServer, outcome: ProbeOutcome): ProbedServer {
  const facts = outcome.facts;
  const identity = facts?.identity;
  // A capture names the server it is for; only a server that answered itself may say its real name.
  const name = server.source === 'offline-collector' ? server.name : identity?.name || server.name;
  return {
    name,
    // Where files are staged: discovery's FQDN when it had one, never replaced by what the server or a capture says; else theirs, when it is one of this server's names.
    fqdn: server.fqdn ? acceptedFqdn(server.fqdn, server.name) : acceptedFqdn(identity?.fqdn, name),
    source: server.source,
    reachable: facts !== null,
    error: outcome.error,
    roles: identity && identity.roles.length > 0 ? identity.roles : server.roles,
    versionHint: server.versionHint,
    facts,
    durationMs: outcome.durationMs,
  };
}
