import { execFile, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { parseAllowedHost } from '../electron/engine/transfer/allowed-hosts';
import { downloadFile } from '../electron/engine/transfer/downloader';
import { importFile } from '../electron/engine/transfer/importer';
import { unavailableSignatureVerifier } from '../electron/engine/transfer/signature';
import { stageFile } from '../electron/engine/transfer/stager';

/**
 * Download and staging throughput against the standard tools, with peak RSS
 * and CPU time, from one run:
 *
 * - a 512 MiB file (EXWIZ_BENCH_BYTES for another size, at least 512 MiB to
 *   mean something) served from loopback by a plain HTTP server in its own
 *   process: exwiz's downloader (hashing as the bytes arrive, flushing while
 *   writing, then the checks) against `curl -o` followed by `sync FILE` (the
 *   same durability), and against `curl -o` + `sha256sum`; and the real
 *   `exwiz download` command for its whole-process peak RSS;
 * - staging the verified file to a local folder: exwiz's stager (copy, flushed,
 *   then the copy read back and hashed, as for any plain folder) against `cp`
 *   + `sync FILE` + `sha256sum` of the copy (the same guarantee).
 *
 * Each measured run is a fresh process (for exwiz the work inside it counts:
 * the engine is long-lived, a download starts no Node); the rounds alternate between exwiz and
 * the tool it is compared with, so both see the same load, and the best of
 * them counts. The machine's load average is printed with the figures: on a
 * shared machine only the ratios of one run mean something. Ratios of speed
 * above 1 mean exwiz is faster. Nothing here passes or fails on timing.
 *
 * Peak RSS is the exwiz child's own (`resourceUsage().maxRSS`: resident
 * memory of that process, not the page cache the file passes through), next
 * to its RSS before the work (Node and the modules loaded, ~66 MiB). The
 * goal is under 100 MB whatever the size: the child is started without
 * `--expose-gc` or other flags, like the CLI and Electron's main process, so
 * what keeps it flat is the transfer code's own (`v8-memory.ts`: a young
 * collection every 2 MiB moved, undici's parser kept on V8's baseline
 * compiler; 512 MiB measured 145 MiB before them, 79 MiB after, and the
 * real CLI 92 MiB). The real `exwiz download` is measured whole, with GNU
 * time's maximum resident set: its process loads every command's modules,
 * so it starts about 14 MiB higher than the child.
 */
const SIZE = Number(process.env.EXWIZ_BENCH_BYTES ?? 512 * 1024 * 1024);
const ROUNDS = Number(process.env.EXWIZ_BENCH_ROUNDS ?? 3);
const NAME = 'ExchangeServer2019-x64-CU15.ISO';
/** The exwiz launcher (out/ is built by `npm run bench`). */
const CLI = path.join(process.cwd(), 'bin', 'exwiz.cjs');
const exec = promisify(execFile);

interface Measured {
  seconds: number;
  maxRssBytes: number | null;
  /** User + system CPU seconds. */
  cpuSeconds: number | null;
  /** The exwiz child's RSS before its work started (node and the modules loaded). */
  idleRssBytes?: number;
  /** The exwiz child's whole life, with starting Node and loading the modules (`seconds` is the work alone). */
  processSeconds?: number;
}

type Step = (file: string) => [string, string[]];

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'serve') return serve(args[0]!);
  if (mode === 'download') return childDownload(args[0]!, args[1]!, args[2]!);
  if (mode === 'stage') return childStage(args[0]!, args[1]!);
  return orchestrate();
}

async function orchestrate(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'exwiz-bench-download-'));
  try {
    const loadBefore = loadavg();
    const source = path.join(work, 'source.bin');
    await writeTestFile(source, SIZE);
    const { url, host, stop } = await startServerProcess(source);
    const hasTime = existsSync('/usr/bin/time');

    /** Commands run one after another on a fresh file, their times summed (peak RSS: the largest). */
    const chain =
      (label: string, steps: Step[]) =>
      async (i: number): Promise<Measured> => {
        const file = path.join(work, `${label}-${i}.iso`);
        let total: Measured = { seconds: 0, maxRssBytes: 0, cpuSeconds: 0 };
        for (const step of steps) {
          const [command, args] = step(file);
          const m = await measureCommand(command, args, hasTime);
          total = { seconds: total.seconds + m.seconds, maxRssBytes: max(total.maxRssBytes, m.maxRssBytes), cpuSeconds: sum(total.cpuSeconds, m.cpuSeconds) };
        }
        rmSync(file, { force: true });
        return total;
      };
    const curlTo: Step = file => ['curl', ['-s', '-S', '-f', '-o', file, `${url}/${NAME}`]];
    const hashOf: Step = file => ['sha256sum', [file]];
    const syncOf: Step = file => ['sync', [file]];

    const downloads = await alternate(ROUNDS, {
      ours: async i => {
        const dir = path.join(work, `ours-${i}`);
        const result = await measureNode(['download', `${url}/${NAME}`, dir, host]);
        rmSync(dir, { recursive: true, force: true });
        return result;
      },
      // The real command, as an admin runs it: its whole process, with every command's modules loaded.
      cli: async i => {
        const dir = path.join(work, `cli-${i}`);
        const result = await measureCommand(process.execPath, [CLI, 'download', '--url', `${url}/${NAME}`, '--out', dir, '--allow-host', host, '--direct'], hasTime);
        rmSync(dir, { recursive: true, force: true });
        return result;
      },
      // The same durability as exwiz (the file flushed to disk before it counts as downloaded).
      curlSync: chain('curl-sync', [curlTo, syncOf]),
      curl: chain('curl', [curlTo]),
      curlHash: chain('curl-hash', [curlTo, hashOf]),
    });
    await stop();

    // A verified file to stage (imported: same manifest as a download).
    const verified = await importFile({ source, directory: path.join(work, 'verified'), fileName: NAME, updateId: 'bench', expectedSha256: null }, { verifier: unavailableSignatureVerifier() });
    const cpTo: Step = file => ['cp', [verified.path, file]];
    const stages = await alternate(ROUNDS, {
      ours: async i => {
        const dir = path.join(work, `staged-${i}`);
        const result = await measureNode(['stage', verified.path, dir]);
        rmSync(dir, { recursive: true, force: true });
        return result;
      },
      // The same guarantee as exwiz staging to a plain folder: copied, flushed, and the copy hashed.
      cpSyncHash: chain('cp-sync-hash', [cpTo, syncOf, hashOf]),
      cp: chain('cp', [cpTo]),
      cpSync: chain('cp-sync', [cpTo, syncOf]),
    });

    const mib = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? 'n/a' : `${(bytes / 1024 ** 2).toFixed(0)} MiB`);
    const rate = (m: Measured) => `${(SIZE / 1024 ** 2 / m.seconds).toFixed(0)} MiB/s`;
    const cpu = (m: Measured) => (m.cpuSeconds === null ? 'n/a' : `${m.cpuSeconds.toFixed(2)} s`);
    const line = (label: string, m: Measured) =>
      console.log(`${label.padEnd(40)} ${m.seconds.toFixed(2).padStart(7)} s  ${rate(m).padStart(10)}  CPU ${cpu(m).padStart(7)}  peak RSS ${mib(m.maxRssBytes)}`);
    console.log(`file size: ${(SIZE / 1024 ** 2).toFixed(0)} MiB from a loopback HTTP server in its own process; best of ${ROUNDS} alternating rounds`);
    console.log(`load average before: ${loadBefore}; after: ${loadavg()} (${os.cpus().length} CPUs)`);
    line('exwiz download (hash + flush + checks)', downloads.ours);
    console.log(`${''.padEnd(40)} (the child process from start to exit: ${downloads.ours.processSeconds?.toFixed(2)} s, with starting Node and loading the modules)`);
    line('exwiz download, the CLI (whole process)', downloads.cli);
    line('curl -o, then sync FILE', downloads.curlSync);
    line('curl -o', downloads.curl);
    line('curl -o, then sha256sum', downloads.curlHash);
    line('exwiz stage (copy + flush + read back)', stages.ours);
    console.log(`${''.padEnd(40)} (the child process from start to exit: ${stages.ours.processSeconds?.toFixed(2)} s)`);
    line('cp, sync FILE, sha256sum of the copy', stages.cpSyncHash);
    line('cp', stages.cp);
    line('cp, then sync FILE', stages.cpSync);
    const ratio = (theirs: Measured, ours: Measured) => (theirs.seconds / ours.seconds).toFixed(2);
    console.log(`download speed ÷ (curl + sync) speed:             ${ratio(downloads.curlSync, downloads.ours)} (goal ≥ 0.8)`);
    console.log(
      `download peak RSS:                                ${mib(downloads.ours.maxRssBytes)} (goal < 100 MB = 95 MiB; the idle process before the download: ${mib(downloads.ours.idleRssBytes)})`,
    );
    console.log(`download peak RSS of the CLI, whole process:       ${mib(downloads.cli.maxRssBytes)} (the same goal; its idle process is larger: every command's modules)`);
    console.log(`stage speed ÷ (cp + sync + sha256sum) speed:      ${ratio(stages.cpSyncHash, stages.ours)} (goal ≥ 0.8); peak RSS ${mib(stages.ours.maxRssBytes)}`);
    console.log(`download speed ÷ (curl + sha256sum) speed:        ${ratio(downloads.curlHash, downloads.ours)}`);
    console.log(`download speed ÷ curl speed (no flush, no hash):  ${ratio(downloads.curl, downloads.ours)}`);
    console.log(`stage speed ÷ cp speed (no flush, no hash):       ${ratio(stages.cp, stages.ours)}`);
    console.log('(curl and cp alone leave the data in the page cache and hash nothing: on a fast disk their figures are mostly memory speed)');
    if (!hasTime) console.log('(/usr/bin/time not found: peak RSS and CPU of curl, sha256sum and cp not measured)');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Runs every variant once per round, in turn (A B C A B C ...), so a change
 * in the machine's load hits all of them alike; keeps each one's best run.
 */
async function alternate<K extends string>(rounds: number, variants: Record<K, (round: number) => Promise<Measured>>): Promise<Record<K, Measured>> {
  const best = {} as Record<K, Measured>;
  for (let i = 0; i < rounds; i++) {
    for (const key of Object.keys(variants) as K[]) {
      // Start every run with no dirty pages from the previous one, so none of
      // them pays for another's writeback.
      await exec('sync').catch(() => undefined);
      const m = await variants[key](i);
      if (!best[key] || m.seconds < best[key].seconds) best[key] = m;
    }
  }
  return best;
}

function loadavg(): string {
  return os
    .loadavg()
    .map(n => n.toFixed(2))
    .join(' ');
}

function sum(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

function max(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.max(a, b);
}

/** Runs this file in a child process in one of its modes; the child reports its own peak RSS. */
async function measureNode(args: string[]): Promise<Measured> {
  const started = performance.now();
  const { stdout } = await exec(process.execPath, [__filename, ...args], { maxBuffer: 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(stdout.trim().split('\n').pop()!) as ChildReport;
  // The engine is a long-lived process: a download does not start Node or load modules, so the work alone counts.
  return { seconds: report.workSeconds, processSeconds: seconds, maxRssBytes: report.maxRssBytes, cpuSeconds: report.cpuSeconds, idleRssBytes: report.idleRssBytes };
}

/** Runs a command, with GNU time for its peak RSS when available. */
async function measureCommand(command: string, args: string[], withTime: boolean): Promise<Measured> {
  const started = performance.now();
  if (!withTime) {
    await exec(command, args, { maxBuffer: 1024 * 1024 });
    return { seconds: (performance.now() - started) / 1000, maxRssBytes: null, cpuSeconds: null };
  }
  const { stderr } = await exec('/usr/bin/time', ['-f', 'EXWIZ-TIME %M %U %S', command, ...args], { maxBuffer: 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const figures = /EXWIZ-TIME (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
  if (!figures) return { seconds, maxRssBytes: null, cpuSeconds: null };
  return { seconds, maxRssBytes: Number(figures[1]) * 1024, cpuSeconds: Number(figures[2]) + Number(figures[3]) };
}

async function writeTestFile(file: string, size: number): Promise<void> {
  const handle = await open(file, 'w');
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 131 + 7) & 0xff;
  try {
    for (let written = 0, k = 0; written < size; k++) {
      block.writeUInt32LE(k, 0);
      const n = Math.min(block.length, size - written);
      await handle.write(block, 0, n, written);
      written += n;
    }
  } finally {
    await handle.close();
  }
}

function startServerProcess(file: string): Promise<{ url: string; host: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [__filename, 'serve', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', data => {
      const port = Number(String(data).trim());
      resolve({
        url: `http://127.0.0.1:${port}`,
        host: `127.0.0.1:${port}`,
        stop: () =>
          new Promise(done => {
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}

/** A plain file server (GET, 200 only), like a CDN edge serving one file. */
function serve(file: string): void {
  const size = statSync(file).size;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream', etag: `"bench-${size}"`, 'accept-ranges': 'bytes' });
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(res);
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
}

interface ChildReport {
  maxRssBytes: number;
  idleRssBytes: number;
  cpuSeconds: number;
  workSeconds: number;
}

/** What a child prints last: its peak RSS, its RSS before the work, its CPU time. */
async function reportAround(work: () => Promise<unknown>): Promise<void> {
  const idleRssBytes = process.memoryUsage.rss();
  const idleCpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const workSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(idleCpu);
  const report: ChildReport = { maxRssBytes: process.resourceUsage().maxRSS * 1024, idleRssBytes, cpuSeconds: (cpu.user + cpu.system) / 1e6, workSeconds };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function childDownload(url: string, directory: string, host: string): Promise<void> {
  return reportAround(() => downloadFile({ url, directory }, { verifier: unavailableSignatureVerifier(), allowHosts: [parseAllowedHost(host)], proxy: { mode: 'direct' } }));
}

function childStage(file: string, directory: string): Promise<void> {
  return reportAround(() => stageFile({ file, destinationDirectory: directory, server: null }));
}

main().catch(err => {
  console.error(err);
  process.exitCode = 1;
});
