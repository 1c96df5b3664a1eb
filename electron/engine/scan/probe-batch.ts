import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { ServerFacts } from '../../../src-shared/domain/facts';
import { checkShape, type ScriptRunner } from '../powershell/host';
import { newResultMarker, parseInvocationOutput, type ScriptParameters } from '../powershell/invocation';
import { probeBatchScriptPath, probeScriptPath } from './probe';
import { isScanWideFailure } from './server-errors';

/** One server in a batch: the per-server probe's parameters. */
export interface BatchItem {
  parameters: ScriptParameters;
}

/** How one server's run ended, as read from its result file (or decided by the engine). */
export type BatchRun = { facts: ServerFacts; durationMs: number } | { failure: unknown; durationMs: number };

export interface BatchOptions {
  runner: ScriptRunner;
  /** Per-server limit: the batch stops a server's runspace when it is exceeded. */
  timeoutMs: number;
  /** The most servers probed at once; the batch's throttle grows up to it. */
  maxParallel: number;
  signal?: AbortSignal;
  /** The per-server probe (tests point it elsewhere). */
  scriptPath?: string;
  /** The batch script (tests). */
  batchScriptPath?: string;
  /** How often the result folder is read. */
  pollMs?: number;
}

export interface BatchListener {
  started(index: number): void;
  finished(index: number, run: BatchRun): void;
}

/** What the batch script returns about itself. */
const BatchSummary = z.object({
  started: z.number(),
  finished: z.number(),
  timedOut: z.number(),
  abandoned: z.number(),
  cancelled: z.boolean(),
  largestParallel: z.number(),
  processors: z.number(),
});
export type BatchSummary = z.infer<typeof BatchSummary>;

/** The extra fields of a result file's envelope. */
const ResultTiming = z.object({ elapsedMs: z.number().optional(), timedOut: z.boolean().optional() });

/** Past its limit the batch stops a server itself; the engine waits this long more before deciding for it. */
const STOP_GRACE_MS = 15_000;
/** After a cancel, how long the batch may take to stop before its PowerShell is killed. */
const CANCEL_GRACE_MS = 5_000;

/**
 * Probes many servers in ONE PowerShell run (Invoke-ServerProbeBatch.ps1: a
 * RunspacePool in the host's process) and reports each server the moment its
 * result file appears in a per-run folder: node-powershell only returns a
 * script's output at its end, files stream.
 *
 * Each result file is read like a host run's output (the run's random marker,
 * the bootstrap envelope) and validated with the ServerFacts schema; a server
 * whose limit passed is stopped by the batch and reported as timed out while
 * the others go on. Cancelling writes the folder's "cancel" file; a batch that
 * does not stop in time, or that outlives every server's outcome, has its
 * PowerShell killed (the host starts a fresh one). Resolves with the batch's
 * summary, or null when it had to be killed; rejects only for scan-wide
 * failures (cancelled, PowerShell missing).
 */
export async function runProbeBatch(items: readonly BatchItem[], options: BatchOptions, listener: BatchListener): Promise<BatchSummary | null> {
  if (options.signal?.aborted) throw new AppError('cancelled', 'Cancelled by the user.');
  const probeScript = options.scriptPath ?? probeScriptPath();
  const folder = await mkdtemp(path.join(tmpdir(), 'exwiz-scan-'));
  const marker = newResultMarker();
  const ids = items.map((_, i) => `s${i}`);
  const startedAt = new Map<number, number>();
  const done = new Set<number>();
  const kill = new AbortController();

  const finish = (index: number, run: BatchRun) => {
    if (done.has(index)) return;
    done.add(index);
    listener.finished(index, run);
  };

  const readResult = async (index: number): Promise<void> => {
    const text = await readFile(path.join(folder, `${ids[index]}.json`), 'utf8');
    const fallbackMs = Date.now() - (startedAt.get(index) ?? Date.now());
    finish(index, interpretResult(text, marker, probeScript, options.timeoutMs, fallbackMs));
  };

  let polling = false;
  const poll = async (): Promise<void> => {
    if (polling) return;
    polling = true;
    try {
      const names = new Set(await readdir(folder));
      for (const [index, id] of ids.entries()) {
        if (done.has(index)) continue;
        if (!startedAt.has(index) && (names.has(`${id}.started`) || names.has(`${id}.json`))) {
          startedAt.set(index, Date.now());
          listener.started(index);
        }
        if (names.has(`${id}.json`)) await readResult(index);
        else if (startedAt.has(index) && Date.now() - (startedAt.get(index) as number) > options.timeoutMs + STOP_GRACE_MS) {
          // The batch did not stop this server: decide for it; the batch is killed below once all are decided.
          finish(index, { failure: timeoutError(options.timeoutMs), durationMs: Date.now() - (startedAt.get(index) as number) });
        }
      }
      if (done.size === items.length) killAfter(STOP_GRACE_MS);
    } finally {
      polling = false;
    }
  };

  let killTimer: NodeJS.Timeout | undefined;
  let ended = false;
  const killAfter = (ms: number) => {
    if (!ended) killTimer ??= setTimeout(() => kill.abort(), ms);
  };
  const onCancel = () => {
    void writeFile(path.join(folder, 'cancel'), '').catch(() => undefined);
    killAfter(CANCEL_GRACE_MS);
  };
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const timer = setInterval(() => void poll().catch(() => undefined), options.pollMs ?? 100);

  const parameters: ScriptParameters = {
    Targets: items.map((item, i) => ({ id: ids[i] as string, parameters: item.parameters })),
    ProbeScript: probeScript,
    ResultDirectory: folder,
    Marker: marker,
    TimeoutSeconds: Math.max(1, Math.ceil(options.timeoutMs / 1000)),
    MaxParallel: options.maxParallel,
  };
  let summary: BatchSummary | null = null;
  let batchFailure: unknown = null;
  try {
    const result = await options.runner.run(options.batchScriptPath ?? probeBatchScriptPath(), parameters, {
      schema: BatchSummary,
      // Only a backstop: every server has its own limit inside the batch.
      timeoutMs: items.length * (options.timeoutMs + STOP_GRACE_MS) + 60_000,
      signal: kill.signal,
    });
    summary = result.value;
  } catch (err) {
    batchFailure = err;
  } finally {
    ended = true;
    clearInterval(timer);
    clearTimeout(killTimer);
    options.signal?.removeEventListener('abort', onCancel);
  }
  try {
    // Results written just before the batch ended.
    while (polling) await new Promise(resolve => setTimeout(resolve, 10));
    await poll();
    if (options.signal?.aborted) throw new AppError('cancelled', 'Cancelled by the user.');
    const killedByUs = batchFailure instanceof AppError && batchFailure.code === 'cancelled' && kill.signal.aborted;
    if (batchFailure !== null && !killedByUs && isScanWideFailure(batchFailure)) throw batchFailure;
    for (const index of ids.keys()) {
      if (done.has(index)) continue;
      const failure = batchFailure !== null && !killedByUs ? batchFailure : new AppError('script-error', 'The probe batch ended without a result for this server.');
      finish(index, { failure, durationMs: Date.now() - (startedAt.get(index) ?? Date.now()) });
    }
    return summary;
  } finally {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** One result file, validated exactly as a host run's output is. */
function interpretResult(text: string, marker: string, probeScript: string, timeoutMs: number, fallbackMs: number): BatchRun {
  const timing = readTiming(text, marker);
  const durationMs = timing.elapsedMs ?? fallbackMs;
  if (timing.timedOut) return { failure: timeoutError(timeoutMs), durationMs };
  try {
    const output = parseInvocationOutput(text, probeScript, marker);
    return { facts: checkShape(ServerFacts, output.value, probeScript), durationMs };
  } catch (failure) {
    return { failure, durationMs };
  }
}

function readTiming(text: string, marker: string): z.infer<typeof ResultTiming> {
  const at = text.indexOf(marker);
  if (at < 0) return {};
  try {
    const parsed = ResultTiming.safeParse(JSON.parse(text.slice(at + marker.length).split(/\r?\n/, 1)[0] as string));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

function timeoutError(timeoutMs: number): AppError {
  return new AppError('timeout', `The probe did not finish within ${Math.round(timeoutMs / 1000)} s.`);
}

/**
 * Runs an empty batch on a warm host: it opens the RunspacePool, which the
 * host keeps for its scans, with the first servers' runspaces ready, so the
 * first scan pays neither for loading the runspace machinery (seconds on a
 * busy machine) nor for opening them. The engine does it at launch; a failure
 * is left to the scan.
 */
export async function warmProbeBatch(runner: ScriptRunner): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), 'exwiz-scan-'));
  try {
    await runner.run(probeBatchScriptPath(), { Targets: [], ProbeScript: probeScriptPath(), ResultDirectory: folder, Marker: newResultMarker() }, { schema: BatchSummary, timeoutMs: 120_000 });
  } finally {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}
