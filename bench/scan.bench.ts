import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PowerShellHost } from '../electron/engine/powershell/host';
import { resolvePowerShellExecutable } from '../electron/engine/powershell/executable';
import { PowerShellPool } from '../electron/engine/powershell/pool';
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
const SIZES = (process.env.EXWIZ_BENCH_SIZES ?? '1,10').split(',').map(Number).filter(n => n > 0);
/** The remote-latency figure: many servers, each remote command slow, the host started beforehand. */
const REMOTE_SERVERS = Number(process.env.EXWIZ_BENCH_REMOTE_SERVERS ?? 50);
const REMOTE_LATENCY_MS = Number(process.env.EXWIZ_BENCH_REMOTE_LATENCY_MS ?? 300);
const REMOTE_PARALLELISM = Number(process.env.EXWIZ_BENCH_REMOTE_CONCURRENCY ?? DEFAULT_SCAN_PARALLELISM);

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

/**
 * The issue's three goal figures from one run: 50 servers, 300 ms per remote
 * command (a round trip from the jump box: session, each EMS cmdlet,
 * Invoke-Command), one warm PowerShell fanning out. Parallelism as Σ
 * per-server time ÷ wall time; the first server's result after Scan; peak
 * memory of this process and every PowerShell it started. Also the stricter
 * figure: N × one server scanned alone ÷ wall.
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

    let firstResult: number | null = null;
    let summary: BatchSummary | null = null;
    const started = performance.now();
    const results = await scanTargets(targetsOf(REMOTE_SERVERS, REMOTE_LATENCY_MS), {
      runner: pool,
      concurrency: REMOTE_PARALLELISM,
      timeoutMs: 600_000,
      job: {
        signal: new AbortController().signal,
        progress: e => {
          if (e.phase === 'item-finished') firstResult ??= performance.now() - started;
        },
      },
      onBatchSummary: s => (summary = s),
    });
    const wall = performance.now() - started;
    const [alone] = targetsOf(1, REMOTE_LATENCY_MS);
    const [aloneResult] = await scanTargets([alone as ScanTarget], { runner: pool, concurrency: 1, timeoutMs: 600_000 });
    const aloneMs = aloneResult?.durationMs ?? 0;
    const perServer = results.reduce((sum, r) => sum + r.durationMs, 0);
    const failed = results.filter(r => r.error !== null).length;
    const peak = memory.stop();
    const throttle = summary as BatchSummary | null;
    console.log(`remote latency: ${REMOTE_SERVERS} lab servers, ${REMOTE_LATENCY_MS} ms per remote command, one warm PowerShell, up to ${REMOTE_PARALLELISM} runspaces`);
    console.log(`  host warmed beforehand:     ${seconds(warmMs)} (as at launch: PowerShell, then an empty batch)`);
    console.log(`  one server alone (after):   ${seconds(aloneMs)}${aloneResult?.error ? ` (failed: ${aloneResult.error.message})` : ''}`);
    console.log(`  wall time:                  ${seconds(wall)}${failed > 0 ? ` (${failed} failed: ${results.find(r => r.error)?.error?.message})` : ''}`);
    console.log(`  throttle:                   grew to ${throttle?.largestParallel ?? '?'} runspaces (${throttle?.processors ?? '?'} processors)`);
    console.log(`  Σ per-server time:          ${seconds(perServer)} (${seconds(perServer / REMOTE_SERVERS)} per server)`);
    console.log(`  Σ per-server ÷ wall:        ${(perServer / wall).toFixed(1)}x faster than one at a time (goal ≥ 10x)`);
    console.log(`  N × alone ÷ wall:           ${((REMOTE_SERVERS * aloneMs) / wall).toFixed(1)}x (the same against a lone server's time)`);
    console.log(`  first server's result:      ${seconds(firstResult ?? wall)} after Scan (goal ≤ 5 s)`);
    console.log(`  peak memory, all processes: ${peak === null ? 'not measurable here' : `${(peak / 1024 ** 3).toFixed(2)} GiB`} (goal < 2 GiB)`);
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
