import type { AppErrorShape } from '../../../src-shared/domain/errors';
import { SCAN_REPORT_SCHEMA_VERSION, type DiscoveredServer, type ScanReport, type ServerScanResult } from '../../../src-shared/domain/scan';
import { parseBuild } from '../../../src-shared/knowledge/build-number';
import { builtInCatalog, catalogAsOf, type Catalog } from '../../../src-shared/knowledge/catalog';
import type { JobProgress } from '../../../src-shared/ipc/contract';
import type { ScriptRunner } from '../powershell/host';
import { runBounded } from '../concurrency/bounded';
import { enrichResults, type EnrichContext } from './enrich';
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
export async function scanTargets(targets: readonly ScanTarget[], options: ScanOptions): Promise<ServerScanResult[]> {
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
      const result = toScanResult(target.server, outcome);
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

function finishedMessage(result: ServerScanResult): string {
  if (!result.error) return `${result.name} scanned${result.build ? ` (build ${result.build})` : ''}.`;
  return result.facts ? `${result.name} scanned in part: ${result.error.message}` : `${result.name} could not be scanned: ${result.error.message}`;
}

function normalisedBuild(fileVersion: string | null): string | null {
  if (fileVersion === null) return null;
  try {
    return parseBuild(fileVersion);
  } catch {
    return null;
  }
}

/**
 * The scan result of one server before the knowledge and analysis layers
 * (see enrich.ts): identity from the server itself when it answered, else
 * from discovery; the build from ExSetup.exe only.
 */
export function toScanResult(server: DiscoveredServer, outcome: ProbeOutcome): ServerScanResult {
  const facts = outcome.facts;
  const identity = facts?.identity;
  const error: AppErrorShape | null = outcome.error;
  return {
    name: identity?.name || server.name,
    fqdn: identity?.fqdn ?? server.fqdn,
    source: server.source,
    reachable: facts !== null,
    error,
    build: normalisedBuild(facts?.exchange.exSetupVersion ?? null),
    product: null,
    cu: null,
    update: null,
    roles: identity && identity.roles.length > 0 ? identity.roles : server.roles,
    versionHint: server.versionHint,
    facts,
    classification: null,
    findings: [],
    eems: null,
    plan: null,
    severity: 'info',
    durationMs: outcome.durationMs,
  };
}

export interface ReportInput {
  results: ServerScanResult[];
  /** "demo", "lab:<dir>", "servers", ... */
  source: string;
  organisationHasEsu: boolean;
  now?: Date;
  /** The active catalog (default: the built-in one). */
  catalog?: Catalog;
}

/** Enriches every result and assembles the report. */
export function buildReport(input: ReportInput): ScanReport {
  const now = input.now ?? new Date();
  const catalog = input.catalog ?? builtInCatalog();
  const context: EnrichContext = { organisationHasEsu: input.organisationHasEsu, today: now.toISOString().slice(0, 10), catalog };
  const { servers, summary, plan } = enrichResults(input.results, context);
  return {
    schemaVersion: SCAN_REPORT_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    source: input.source,
    organisationHasEsu: input.organisationHasEsu,
    catalogAsOf: catalogAsOf(catalog),
    servers,
    summary,
    plan,
  };
}
