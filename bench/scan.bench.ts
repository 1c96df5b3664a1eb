import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PowerShellHost } from '../electron/engine/powershell/host';
import { resolvePowerShellExecutable } from '../electron/engine/powershell/executable';
import { PowerShellPool } from '../electron/engine/powershell/pool';
import { descendants } from '../electron/engine/powershell/process-tree';
import { warmProbeBatch, type BatchSummary } from '../electron/engine/scan/probe-batch';
import { DEFAULT_SCAN_PARALLELISM, scanTargets, type ScanTarget } from '../electron/engine/scan/scan-service';
import { discoverFromExchangeShell, type LabServer } from '../electron/engine/discovery/sources';
import { prepareDemoLab } from '../electron/engine/demo/demo-lab';
import type { ScriptRunner } from '../electron/engine/powershell/host';
import { peakMemorySampler } from './process-memory';

/**
 * Scanning the demo organisation: the remote-latency goal figures (many
 * servers, each remote command slow, warm host), then 1 and 10 servers with a
 * small latency in one batch against one at a time; and what one PowerShell
 * call costs through the long-lived host against starting a fresh pwsh for it.
 */
const LATENCY_MS = Number(process.env.EXWIZ_BENCH_LATENCY_MS ?? 25);
const SIZES = (process.env.EXWIZ_BENCH_SIZES ?? '1,10')
  .split(',')
  .map(Number)
  .filter(n => n > 0);
/** The remote-latency figure: many servers, each remote command slow, the host started beforehand. */
const REMOTE_SERVERS = Number(process.env.EXWIZ_BENCH_REMOTE_SERVERS ?? 50);
const REMOTE_LATENCY_MS = Number(process.env.EXWIZ_BENCH_REMOTE_LATENCY_MS ?? 300);
const REMOTE_PARALLELISM = Number(process.env.EXWIZ_BENCH_REMOTE_CONCURRENCY ?? DEFAULT_SCAN_PARALLELISM);

/**
 * Processor time used so far by the processes this one started and theirs
 * (the PowerShell hosts), in ms, from /proc; null where there is none. Unlike
 * wall time it hardly depends on what else the machine runs.
 */
function childProcessorMs(): number | null {
  if (process.platform !== 'linux') return null;
  let total = 0;
  for (const pid of descendants(process.pid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After the command name: utime and stime are the 12th and 13th fields, in clock ticks (USER_HZ, 100).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      // The process ended while being read.
    }
  }
  return total;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function timeScan(runner: ScriptRunner, targets: ScanTarget[], concurrency: number): Promise<number> {
  const started = performance.now();
  const results = await scanTargets(targets, { runner, concurrency, timeoutMs: 600_000 });
  const failed = results.filter(r => r.error !== null).length;
  if (failed > 0) throw new Error(`${failed} of ${results.length} lab servers failed: ${results.find(r => r.error)?.error?.message}`);
  return performance.now() - started;
}

/** The reachable demo servers, cycled to `n` lab targets with `latencyMs` per remote command. */
async function demoTargets(home: string): Promise<(n: number, latencyMs: number) => ScanTarget[]> {
  const setup = new PowerShellHost();
  const demo = await prepareDemoLab(setup, home);
  const found = await discoverFromExchangeShell(setup, { lab: { directory: demo }, source: 'demo' });
  await setup.dispose();
  // EX04 is unreachable by design.
  const reachable = (found.servers as LabServer[]).filter(s => s.name !== 'EX04');
  return (n, latencyMs) =>
    Array.from({ length: n }, (_, i) => {
      const server = reachable[i % reachable.length] as LabServer;
      return { server, lab: { directory: server.labFolder, configuration: { latencyMs } }, collectionMethod: 'demo' };
    });
}

interface TimedBatch {
  results: Awaited<ReturnType<typeof scanTargets>>;
  wallMs: number;
  firstResultMs: number | null;
  /** PowerShell processor time during the batch, null where it cannot be read. */
  processorMs: number | null;
  summary: BatchSummary | null;
}

/** One scan of `targets` as the wizard runs it, timed from Scan to the last result. */
async function timedBatch(runner: ScriptRunner, targets: readonly ScanTarget[]): Promise<TimedBatch> {
  let firstResultMs: number | null = null;
  let summary: BatchSummary | null = null;
  const cpuBefore = childProcessorMs();
  const started = performance.now();
  const results = await scanTargets(targets, {
    runner,
    concurrency: REMOTE_PARALLELISM,
    timeoutMs: 600_000,
    job: {
      signal: new AbortController().signal,
      progress: e => {
        if (e.phase === 'item-finished') firstResultMs ??= performance.now() - started;
      },
    },
    onBatchSummary: s => (summary = s),
  });
  const wallMs = performance.now() - started;
  const cpuAfter = childProcessorMs();
  return { results, wallMs, firstResultMs, processorMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, summary };
}

/**
 * Each distinct server of `targets` scanned alone (a batch of one, as a scan
 * of one server runs), after one unmeasured round: name → time. The servers
 * differ (an Edge server has no Exchange shell session and waits for the
 * network 2 times, a Mailbox server 9), so the serial time of a mix is the sum
 * over its targets, not N times the first one.
 */
async function aloneTimes(runner: ScriptRunner, targets: readonly ScanTarget[]): Promise<Map<string, number>> {
  const distinct = [...new Map(targets.map(t => [t.server.name, t])).values()];
  const times = new Map<string, number>();
  for (const round of [0, 1]) {
    for (const target of distinct) {
      const [result] = await scanTargets([target], { runner, concurrency: 1, timeoutMs: 600_000 });
      if (result?.error) throw new Error(`${target.server.name} alone failed: ${result.error.message}`);
      if (round === 1) times.set(target.server.name, result?.durationMs ?? 0);
    }
  }
  return times;
}

/**
 * The issue's three goal figures from one run: 50 servers, 300 ms per remote
 * command (a round trip from the jump box: session, each EMS cmdlet,
 * Invoke-Command), one warm PowerShell fanning out. Parallelism as Σ
 * per-server time ÷ wall time; the first server's result after Scan; peak
 * memory of this process and every PowerShell it started (during the batch).
 * Also the stricter figure: the same servers scanned one at a time, each
 * distinct server measured alone afterwards (Σ alone ÷ wall). Σ per-server
 * flatters a CPU-bound batch (servers slowing each other count as parallel
 * work); Σ alone does not. Then the same scan again in the same host: the
 * first scan in a process pays for PowerShell compiling the code paths, about
 * half of its processor time in the lab.
 */
async function remoteLatencyFigures(home: string): Promise<void> {
  const targetsOf = await demoTargets(home);
  const pool = new PowerShellPool(1);
  const memory = peakMemorySampler();
  try {
    // Warmed as the engine does at launch: the host, then an empty batch.
    const warmStart = performance.now();
    await pool.warm();
    await warmProbeBatch(pool);
    const warmMs = performance.now() - warmStart;

    const targets = targetsOf(REMOTE_SERVERS, REMOTE_LATENCY_MS);
    const first = await timedBatch(pool, targets);
    const peak = memory.stop();
    // The same servers again in the same host: PowerShell has compiled the code paths, and the runspaces are kept.
    const again = await timedBatch(pool, targets);
    const alone = await aloneTimes(pool, targets);
    const serial = targets.reduce((sum, t) => sum + (alone.get(t.server.name) ?? 0), 0);
    const perServer = first.results.reduce((sum, r) => sum + r.durationMs, 0);
    const failed = [...first.results, ...again.results].filter(r => r.error !== null);
    const aloneList = [...alone].map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ');
    const processorTime = (batch: TimedBatch) =>
      batch.processorMs === null ? 'not measurable here' : `${seconds(batch.processorMs)} (${(batch.processorMs / REMOTE_SERVERS).toFixed(0)} ms per server)`;
    console.log(`remote latency: ${REMOTE_SERVERS} lab servers, ${REMOTE_LATENCY_MS} ms per remote command, one warm PowerShell, up to ${REMOTE_PARALLELISM} runspaces`);
    console.log(`  host warmed beforehand:     ${seconds(warmMs)} (as at launch: PowerShell, then an empty batch)`);
    console.log(`  wall time:                  ${seconds(first.wallMs)}${failed.length > 0 ? ` (${failed.length} failed: ${failed[0]?.error?.message})` : ''}`);
    console.log(`  throttle:                   grew to ${first.summary?.largestParallel ?? '?'} runspaces (${first.summary?.processors ?? '?'} processors)`);
    console.log(`  Σ per-server time:          ${seconds(perServer)} (${seconds(perServer / REMOTE_SERVERS)} per server, each slowed by the others)`);
    console.log(`  Σ per-server ÷ wall:        ${(perServer / first.wallMs).toFixed(1)}x faster than one at a time (goal ≥ 10x)`);
    console.log(`  each server alone (after):  ${aloneList}`);
    console.log(`  Σ alone ÷ wall:             ${(serial / first.wallMs).toFixed(1)}x (the ${REMOTE_SERVERS} scanned one at a time, ${seconds(serial)}, against the batch; goal ≥ 10x)`);
    console.log(`  first server's result:      ${seconds(first.firstResultMs ?? first.wallMs)} after Scan (goal ≤ 5 s)`);
    console.log(`  PowerShell processor time:  ${processorTime(first)}: probe and lab, hardly changed by a busy machine`);
    console.log(`  peak memory, all processes: ${peak === null ? 'not measurable here' : `${(peak / 1024 ** 3).toFixed(2)} GiB`} (goal < 2 GiB)`);
    console.log(
      `  the same scan again:        ${seconds(again.wallMs)}, Σ alone ÷ wall ${(serial / again.wallMs).toFixed(1)}x, first result ${seconds(again.firstResultMs ?? again.wallMs)}, processor time ${processorTime(again)} (the same host: code paths compiled, runspaces kept)`,
    );
  } finally {
    memory.stop();
    await pool.dispose();
  }
}

async function scanFigures(home: string): Promise<void> {
  const demoTargetsOf = await demoTargets(home);
  const targetsOf = (n: number) => demoTargetsOf(n, LATENCY_MS);

  console.log(`demo lab scan, ${LATENCY_MS} ms injected per remote command, one batch (up to ${DEFAULT_SCAN_PARALLELISM} at once) vs one at a time`);
  console.log('servers | parallel   | serial     | speed-up | per server (parallel)');
  const host = new PowerShellHost();
  try {
    await host.start();
    for (const size of SIZES) {
      const parallel = await timeScan(host, targetsOf(size), DEFAULT_SCAN_PARALLELISM);
      const serial = await timeScan(host, targetsOf(size), 1);
      console.log(
        `${String(size).padStart(7)} | ${seconds(parallel).padEnd(10)} | ${seconds(serial).padEnd(10)} | ${(serial / parallel).toFixed(2).padStart(7)}x | ${(parallel / size).toFixed(0)} ms`,
      );
    }
  } finally {
    await host.dispose();
  }
}

async function hostFigures(scratch: string): Promise<void> {
  const script = path.join(scratch, 'answer.ps1');
  writeFileSync(script, 'param([string]$Name)\nreturn @{ name = $Name; at = (Get-Date).ToString("o") }\n');
  const host = new PowerShellHost();
  const rounds = 40;
  await host.run(script, { Name: 'warm-up' });
  let started = performance.now();
  for (let i = 0; i < rounds; i++) await host.run(script, { Name: `ex${i}` });
  const viaHost = (performance.now() - started) / rounds;
  await host.dispose();

  const exe = resolvePowerShellExecutable().path;
  const freshRounds = 8;
  started = performance.now();
  for (let i = 0; i < freshRounds; i++) {
    const r = spawnSync(exe, ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script, '-Name', `ex${i}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pwsh failed: ${r.stderr}`);
  }
  const fresh = (performance.now() - started) / freshRounds;
  console.log('');
  console.log('one PowerShell call (a script with one parameter, JSON result)');
  console.log(`  long-lived host:       ${viaHost.toFixed(1)} ms per call (${rounds} calls)`);
  console.log(`  fresh pwsh per call:   ${fresh.toFixed(0)} ms per call (${freshRounds} calls)`);
  console.log(`  saved per call:        ${(fresh - viaHost).toFixed(0)} ms (${(fresh / viaHost).toFixed(0)}x)`);
}

async function main(): Promise<void> {
  // pwsh on Unix writes terminal escape codes (ESC[?1h) after its output when TERM
  // names a terminal; a result that reaches node-powershell in one chunk with those
  // codes after its end marker is never seen as complete and the run waits for its
  // timeout. TERM=dumb for the child processes avoids it (see the issue's report).
  process.env.TERM = 'dumb';
  const scratch = mkdtempSync(path.join(tmpdir(), 'exwiz-bench-scan-'));
  try {
    if (REMOTE_SERVERS > 0) await remoteLatencyFigures(scratch);
    if (SIZES.length > 0) await scanFigures(scratch);
    await hostFigures(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch(err => {
  console.error(err);
  process.exitCode = 1;
});
