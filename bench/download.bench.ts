import { execFile, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { parseAllowedHost } from '../electron/engine/transfer/allowed-hosts';
import { downloadFile } from '../electron/engine/transfer/downloader';
import { importFile } from '../electron/engine/transfer/importer';
import { unavailableSignatureVerifier } from '../electron/engine/transfer/signature';
import { stageFile } from '../electron/engine/transfer/stager';

/**
 * Download and staging throughput against the standard tools, with peak RSS:
 *
 * - a 256 MiB download (EXWIZ_BENCH_BYTES) from a local HTTP server (in its own process): exwiz's
 *   downloader (hashing while streaming, flushing checkpoints) against
 *   `curl -o`, and against `curl -o` followed by `sha256sum` (the same
 *   guarantee: a file whose hash is known);
 * - staging the verified file to another folder: exwiz's stager (copy with
 *   hashing, flushed to disk, then re-reading the copy to hash it again)
 *   against `cp`, and against `cp` followed by `sync FILE`.
 *
 * Each measured run is a fresh process; best of two runs. Ratios above 1 mean
 * exwiz is slower. Nothing here passes or fails on timing.
 */
// 256 MiB keeps the bench short; EXWIZ_BENCH_BYTES sets another size (the goals hold whatever the size).
const SIZE = Number(process.env.EXWIZ_BENCH_BYTES ?? 256 * 1024 * 1024);
const NAME = 'ExchangeServer2019-x64-CU15.ISO';
const exec = promisify(execFile);

interface Measured {
  seconds: number;
  maxRssBytes: number | null;
}

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
    const source = path.join(work, 'source.bin');
    await writeTestFile(source, SIZE);
    const { url, host, stop } = await startServerProcess(source);
    const hasTime = existsSync('/usr/bin/time');
    const rounds = 2;

    const ours = await best(rounds, async i => {
      const dir = path.join(work, `ours-${i}`);
      const result = await measureNode(['download', `${url}/${NAME}`, dir, host]);
      rmSync(dir, { recursive: true, force: true });
      return result;
    });
    /** Commands run one after another on a fresh file, their times summed (peak RSS: the largest). */
    const chain = (label: string, steps: Array<(file: string) => [string, string[]]>) =>
      best(rounds, async i => {
        const file = path.join(work, `${label}-${i}.iso`);
        let total: Measured = { seconds: 0, maxRssBytes: 0 };
        for (const step of steps) {
          const [command, args] = step(file);
          const m = await measureCommand(command, args, hasTime);
          total = { seconds: total.seconds + m.seconds, maxRssBytes: max(total.maxRssBytes, m.maxRssBytes) };
        }
        rmSync(file, { force: true });
        return total;
      });
    const curlTo = (file: string): [string, string[]] => ['curl', ['-s', '-S', '-f', '-o', file, `${url}/${NAME}`]];
    const hashOf = (file: string): [string, string[]] => ['sha256sum', [file]];
    const syncOf = (file: string): [string, string[]] => ['sync', [file]];
    const curl = await chain('curl', [curlTo]);
    const curlHash = await chain('curl-hash', [curlTo, hashOf]);
    // The same durability as exwiz (the file flushed to disk before it counts as downloaded).
    const curlSync = await chain('curl-sync', [curlTo, syncOf]);
    await stop();

    // A verified file to stage (imported: same manifest as a download).
    const verified = await importFile(
      { source, directory: path.join(work, 'verified'), fileName: NAME, updateId: 'bench', expectedSha256: null },
      { verifier: unavailableSignatureVerifier() },
    );
    const stage = await best(rounds, async i => {
      const dir = path.join(work, `staged-${i}`);
      const result = await measureNode(['stage', verified.path, dir]);
      rmSync(dir, { recursive: true, force: true });
      return result;
    });
    const cpTo = (file: string): [string, string[]] => ['cp', [verified.path, file]];
    const cp = await chain('cp', [cpTo]);
    // exwiz flushes the copy to disk before calling it staged; so does this one.
    const cpSync = await chain('cp-sync', [cpTo, syncOf]);
    // The same guarantee as exwiz staging to a plain folder: copied, flushed, and the copy hashed.
    const cpSyncHash = await chain('cp-sync-hash', [cpTo, syncOf, hashOf]);

    const gib = SIZE / 1024 ** 3;
    const rate = (m: Measured) => `${(SIZE / 1024 ** 2 / m.seconds).toFixed(0)} MiB/s`;
    const rss = (m: Measured) => (m.maxRssBytes === null ? 'n/a' : `${(m.maxRssBytes / 1024 ** 2).toFixed(0)} MiB`);
    const line = (label: string, m: Measured) => console.log(`${label.padEnd(34)} ${m.seconds.toFixed(2).padStart(7)} s  ${rate(m).padStart(10)}  peak RSS ${rss(m)}`);
    console.log(`file size: ${gib.toFixed(2)} GiB, local HTTP server in its own process, best of ${rounds}`);
    line('exwiz download (hash + checks)', ours);
    line('curl -o', curl);
    line('curl -o, then sha256sum', curlHash);
    line('curl -o, then sync FILE', curlSync);
    line('exwiz stage (copy + re-hash)', stage);
    line('cp', cp);
    line('cp, then sync FILE', cpSync);
    line('cp, sync FILE, sha256sum of the copy', cpSyncHash);
    const peakRss = (m: Measured) => (m.maxRssBytes === null ? 'not measured' : `${(m.maxRssBytes / 1024 ** 2).toFixed(0)} MiB`);
    console.log(`download speed ÷ (curl + sync) speed:    ${(curlSync.seconds / ours.seconds).toFixed(2)} (goal ≥ 0.8); exwiz peak RSS ${peakRss(ours)} (goal < 100 MiB)`);
    console.log(`stage speed ÷ (cp + sync + sha256sum):   ${(cpSyncHash.seconds / stage.seconds).toFixed(2)} (goal ≥ 0.8); exwiz peak RSS ${peakRss(stage)}`);
    console.log(`download ratio exwiz / curl:             ${(ours.seconds / curl.seconds).toFixed(2)}`);
    console.log(`download ratio exwiz / curl + sha256sum: ${(ours.seconds / curlHash.seconds).toFixed(2)}`);
    console.log(`staging ratio exwiz / cp:                ${(stage.seconds / cp.seconds).toFixed(2)}`);
    console.log(`staging ratio exwiz / cp + sync:         ${(stage.seconds / cpSync.seconds).toFixed(2)}`);
    console.log('(exwiz flushes the file to disk before sealing it and, when staging, reads the copy back to re-hash it;');
    console.log(' curl and cp leave the data in the page cache, so on a fast network their figures are mostly memory speed)');
    if (!hasTime) console.log('(/usr/bin/time not found: peak RSS of curl, sha256sum and cp not measured)');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function best(rounds: number, run: (i: number) => Promise<Measured>): Promise<Measured> {
  const results: Measured[] = [];
  for (let i = 0; i < rounds; i++) {
    // Start every run with no dirty pages from the previous one, so none of
    // them pays for another's writeback.
    await exec('sync').catch(() => undefined);
    results.push(await run(i));
  }
  return results.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function max(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.max(a, b);
}

/** Runs this file in a child process in one of its modes; the child reports its own peak RSS. */
async function measureNode(args: string[]): Promise<Measured> {
  const started = performance.now();
  const { stdout } = await exec(process.execPath, [__filename, ...args], { maxBuffer: 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(stdout.trim().split('\n').pop()!) as { maxRssBytes: number };
  return { seconds, maxRssBytes: report.maxRssBytes };
}

/** Runs a command, with GNU time for its peak RSS when available. */
async function measureCommand(command: string, args: string[], withTime: boolean): Promise<Measured> {
  const started = performance.now();
  if (!withTime) {
    await exec(command, args, { maxBuffer: 1024 * 1024 });
    return { seconds: (performance.now() - started) / 1000, maxRssBytes: null };
  }
  const { stderr } = await exec('/usr/bin/time', ['-f', 'EXWIZ-MAXRSS %M', command, ...args], { maxBuffer: 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const kb = /EXWIZ-MAXRSS (\d+)/.exec(stderr)?.[1];
  return { seconds, maxRssBytes: kb ? Number(kb) * 1024 : null };
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

async function childDownload(url: string, directory: string, host: string): Promise<void> {
  await downloadFile({ url, directory }, { verifier: unavailableSignatureVerifier(), allowHosts: [parseAllowedHost(host)], proxy: { mode: 'direct' } });
  process.stdout.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

async function childStage(file: string, directory: string): Promise<void> {
  await stageFile({ file, destinationDirectory: directory, server: null });
  process.stdout.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

main().catch(err => {
  console.error(err);
  process.exitCode = 1;
});
