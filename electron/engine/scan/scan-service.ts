import { exSetupBuild } from '../../../src-shared/assessment/assess';
import type { ProbedServer } from '../../../src-shared/assessment/scan-report';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import type { JobProgress } from '../../../src-shared/ipc/contract';
import type { ScriptRunner } from '../powershell/host';
import { runBounded } from '../concurrency/bounded';
import { probeServer, type LabSource, type ProbeOutcome } from './probe';

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
  /** Servers probed at once. */
  concurrency: number;
  /** Per-server limit for the whole probe. */
  timeoutMs: number;
  job?: ScanJob;
  /** The orchestrator script (tests). */
  scriptPath?: string;
  connectTimeoutSeconds?: number;
}

export const DEFAULT_SCAN_TIMEOUT_MS = 180_000;

/**
 * Scans servers with a bounded pool: one PowerShell batch per server, a
 * typed error on the server when it fails, the others go on. Reports
 * progress per server; a cancelled job stops starting new servers and
 * rejects with a cancelled error.
 */
export async function scanTargets(targets: readonly ScanTarget[], options: ScanOptions): Promise<ProbedServer[]> {
  const total = targets.length;
  let completed = 0;
  const job = options.job;
  return runBounded(
    targets,
    options.concurrency,
    async target => {
      const name = target.server.name;
      job?.progress({ phase: 'progress', message: `Scanning ${name}…`, completed, total, unit: 'items', serverName: name });
      const outcome = await probeServer(
        { name, fqdn: target.server.fqdn, roles: target.server.roles, ...(target.lab ? { lab: target.lab } : {}) },
        {
          runner: options.runner,
          timeoutMs: options.timeoutMs,
          collectionMethod: target.collectionMethod ?? (target.lab ? 'lab' : 'remote'),
          ...(job ? { signal: job.signal } : {}),
          ...(options.scriptPath ? { scriptPath: options.scriptPath } : {}),
          ...(options.connectTimeoutSeconds ? { connectTimeoutSeconds: options.connectTimeoutSeconds } : {}),
        },
      );
      const result = toProbedServer(target.server, outcome);
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
      return result;
    },
    job?.signal,
  );
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
  return {
    name: identity?.name || server.name,
    fqdn: identity?.fqdn ?? server.fqdn,
    source: server.source,
    reachable: facts !== null,
    error: outcome.error,
    roles: identity && identity.roles.length > 0 ? identity.roles : server.roles,
    versionHint: server.versionHint,
    facts,
    durationMs: outcome.durationMs,
  };
}
