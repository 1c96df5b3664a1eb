import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PowerShellHost } from '../electron/engine/powershell/host';
import { resolvePowerShellExecutable } from '../electron/engine/powershell/executable';
import { PowerShellPool } from '../electron/engine/powershell/pool';
import { scanTargets, type ScanTarget } from '../electron/engine/scan/scan-service';
import { discoverFromExchangeShell, type LabServer } from '../electron/engine/discovery/sources';
import { prepareDemoLab } from '../electron/engine/demo/demo-lab';
import type { ScriptRunner } from '../electron/engine/powershell/host';
import { peakMemorySampler } from './process-memory';

/**
 * Scanning the demo organisation scaled to 1, 10 and 50 servers, each lab
 * command delayed as a slow network would (latencyMs), in parallel against
 * one server at a time; and what one PowerShell call costs through the
 * long-lived host against starting a fresh pwsh for it.
 */
const LATENCY_MS = Number(process.env.EXWIZ_BENCH_LATENCY_MS ?? 25);
const CONCURRENCY = Number(process.env.EXWIZ_BENCH_CONCURRENCY ?? 4);
const SIZES = (process.env.EXWIZ_BENCH_SIZES ?? '1,10,50').split(',').map(Number).filter(n => n > 0);
/** The remote-latency figure: many servers, each remote command slow, hosts started beforehand. */
const REMOTE_SERVERS = Number(process.env.EXWIZ_BENCH_REMOTE_SERVERS ?? 50);
const REMOTE_LATENCY_MS = Number(process.env.EXWIZ_BENCH_REMOTE_LATENCY_MS ?? 300);
const REMOTE_CONCURRENCY = Number(process.env.EXWIZ_BENCH_REMOTE_CONCURRENCY ?? 16);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function timeScan(pool: PowerShellPool, targets: ScanTarget[], concurrency: number): Promise<number> {
  const started = performance.now();
  const results = await scanTargets(targets, { runner: pool, concurrency, timeoutMs: 600_000 });
  const failed = results.filter(r => r.error !== null).length;
  if (failed > 0) throw new Error(`${failed} of ${results.length} lab servers failed: ${results.find(r => r.error)?.error?.message}`);
  return performance.now() - started;
}

/** The reachable demo servers, cycled to `n` lab targets with `latencyMs` per lab command. */
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
 * 50 servers, 300 ms per remote command: parallelism as Σ per-server time ÷
 * wall time of the same run (no serial run of many minutes needed), peak
 * memory of this process and all its PowerShell hosts, and how long after
 * "Scan" with warm hosts the first server's result is there.
 */
async function remoteLatencyFigures(home: string): Promise<void> {
  const targetsOf = await demoTargets(home);
  const pool = new PowerShellPool(REMOTE_CONCURRENCY);
  const memory = peakMemorySampler();
  try {
    const warmStart = performance.now();
    await pool.warm();
    const warmMs = performance.now() - warmStart;
    let perServer = 0;
    let firstResult: number | null = null;
    const started = performance.now();
    const timed: ScriptRunner = {
      run: async (...args) => {
        const begin = performance.now();
        try {
          return await pool.run(...args);
        } finally {
          perServer += performance.now() - begin;
          firstResult ??= performance.now() - started;
        }
      },
      dispose: async () => undefined,
    };
    const results = await scanTargets(targetsOf(REMOTE_SERVERS, REMOTE_LATENCY_MS), { runner: timed, concurrency: REMOTE_CONCURRENCY, timeoutMs: 600_000 });
    const wall = performance.now() - started;
    const failed = results.filter(r => r.error !== null).length;
    const peak = memory.stop();
    console.log(`remote latency: ${REMOTE_SERVERS} lab servers, ${REMOTE_LATENCY_MS} ms per remote command, ${REMOTE_CONCURRENCY} PowerShell hosts`);
    console.log(`  hosts started beforehand:   ${seconds(warmMs)} for ${pool.hostCount}`);
    console.log(`  wall time:                  ${seconds(wall)}${failed > 0 ? ` (${failed} failed: ${results.find(r => r.error)?.error?.message})` : ''}`);
    console.log(`  Σ per-server time:          ${seconds(perServer)} (${seconds(perServer / REMOTE_SERVERS)} per server)`);
    console.log(`  Σ per-server ÷ wall:        ${(perServer / wall).toFixed(1)}x faster than one at a time (goal ≥ 10x)`);
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

  console.log(`demo lab scan, ${LATENCY_MS} ms injected per lab command, ${CONCURRENCY} servers at once vs one at a time`);
  console.log('servers | parallel   | serial     | speed-up | per server (parallel)');
  const parallelPool = new PowerShellPool(CONCURRENCY);
  const serialPool = new PowerShellPool(1);
  try {
    // Warm every host: process start is measured separately below.
    const coldStart = performance.now();
    await scanTargets(targetsOf(CONCURRENCY), { runner: parallelPool, concurrency: CONCURRENCY, timeoutMs: 600_000 });
    console.log(`(first scan with ${CONCURRENCY} cold PowerShell hosts: ${seconds(performance.now() - coldStart)})`);
    await scanTargets(targetsOf(1), { runner: serialPool, concurrency: 1, timeoutMs: 600_000 });
    for (const size of SIZES) {
      const parallel = await timeScan(parallelPool, targetsOf(size), CONCURRENCY);
      const serial = await timeScan(serialPool, targetsOf(size), 1);
      console.log(
        `${String(size).padStart(7)} | ${seconds(parallel).padEnd(10)} | ${seconds(serial).padEnd(10)} | ${(serial / parallel).toFixed(2).padStart(7)}x | ${(parallel / size).toFixed(0)} ms`,
      );
    }
  } finally {
    await parallelPool.dispose();
    await serialPool.dispose();
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
