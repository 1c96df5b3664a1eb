import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import { FileManifest } from '../../src-shared/domain/transfer';
import { parseAllowedHost } from '../../electron/engine/transfer/allowed-hosts';
import { downloadFile, type DownloadDeps } from '../../electron/engine/transfer/downloader';
import type { TransferProgress } from '../../electron/engine/transfer/progress';
import { createProxyRoute } from '../../electron/engine/transfer/proxy';
import type { SignatureVerifier } from '../../electron/engine/transfer/signature';
import { unavailableSignatureVerifier } from '../../electron/engine/transfer/signature';
import { bufferContent, randomishBytes, startFaultServer, type FaultServer } from './helpers/fault-server';
import { diskFullAfter, failure, filesIn, useTempDirs } from './helpers/files';
import { makeTestCertificates } from './helpers/tls';

const NAME = 'Exchange2019-KB5066367-x64-en.exe';
const BYTES = randomishBytes(3 * 1024 * 1024 + 1234, 42);
const SHA = createHash('sha256').update(BYTES).digest('hex');
const OTHER = randomishBytes(2 * 1024 * 1024 + 77, 9);
const OTHER_SHA = createHash('sha256').update(OTHER).digest('hex');

const tempDir = useTempDirs();

describe('downloadFile over HTTP (loopback, allowed explicitly)', () => {
  let server: FaultServer;
  let events: TransferProgress[];
  const deps = (extra: Partial<DownloadDeps> = {}): DownloadDeps => ({
    verifier: unavailableSignatureVerifier('linux'),
    allowHosts: [parseAllowedHost(server.host)],
    proxy: { mode: 'direct' },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    onProgress: p => events.push(p),
    ...extra,
  });

  beforeAll(async () => {
    server = await startFaultServer({ content: bufferContent(BYTES) });
  });
  afterAll(async () => server.close());
  afterEach(() => {
    server.fault = { kind: 'none' };
    server.content = bufferContent(BYTES);
    server.requests.length = 0;
  });
  const reset = () => {
    events = [];
  };

  it('downloads, hashes while streaming, renames only at the end and writes the manifest', async () => {
    reset();
    const dir = tempDir();
    const result = await downloadFile(
      { url: server.url(NAME), directory: dir, expectedSha256: SHA.toUpperCase(), expectedSizeBytes: BYTES.length, updateId: 'exchange-2019-cu15-oct25su-exe' },
      deps(),
    );
    expect(result.path).toBe(path.join(dir, NAME));
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
    expect(filesIn(dir)).toEqual([NAME, `${NAME}.manifest.json`]);
    const manifest = FileManifest.parse(JSON.parse(readFileSync(result.manifestPath, 'utf8')));
    expect(manifest).toMatchObject({
      fileName: NAME,
      sha256: SHA,
      expectedSha256: SHA,
      sizeBytes: BYTES.length,
      expectedSizeBytes: BYTES.length,
      sourceUrl: server.url(NAME),
      updateId: 'exchange-2019-cu15-oct25su-exe',
      importedFrom: null,
    });
    // Off Windows the manifest says plainly that the signature was not checked.
    expect(manifest.signature.checked).toBe(false);
    expect(manifest.signature.status).toMatch(/^Not checked: .*only be checked on Windows/);
    expect(result.attempts).toBe(1);
    expect(events.filter(e => e.stage === 'downloading').at(-1)).toMatchObject({ completed: BYTES.length, total: BYTES.length });
  });

  it('refuses a host that is not allowed, before any request', async () => {
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir }, deps({ allowHosts: [] })));
    expect(err.code).toBe('host-not-allowed');
    expect(server.requests).toHaveLength(0);
    expect(filesIn(dir)).toEqual([]);
  });

  it('resumes automatically after the connection drops midway, with Range and If-Range', async () => {
    reset();
    server.fault = { kind: 'drop', afterBytes: 1_200_000, times: 2 };
    const dir = tempDir();
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
    expect(result.attempts).toBe(3);
    // Bytes still buffered when a connection drops are lost, so how far each
    // attempt got varies; what must hold: resumed requests carry Range + If-Range.
    const resumed = server.requests.filter(r => r.range !== undefined);
    expect(resumed.length).toBeGreaterThan(0);
    for (const r of resumed) {
      expect(r.status).toBe(206);
      expect(r.ifRange).toMatch(/^"v1-/);
      expect(Number(r.range!.slice(6, -1))).toBeGreaterThan(0);
    }
    expect(events.some(e => e.stage === 'retrying' && /dropped/.test(e.message))).toBe(true);
    // The result says where each retry picked up: the same offsets the Range headers asked for.
    expect(result.resumedAtBytes).toEqual(resumed.map(r => Number(r.range!.slice(6, -1))));
  });

  it('hashes the whole file across 206 resumes, within a run and across runs (no published hash to lean on)', async () => {
    reset();
    // Cut at odd offsets, so the resumes start in the middle of a write batch.
    server.fault = { kind: 'drop', afterBytes: 1_234_567, times: 1 };
    const dir = tempDir();
    const first = await downloadFile({ url: server.url(NAME), directory: dir }, deps());
    expect(first.attempts).toBe(2);
    expect(server.requests.some(r => r.status === 206)).toBe(true);
    expect(first.manifest.sha256).toBe(SHA);
    expect(first.manifest.expectedSha256).toBeNull();

    server.fault = { kind: 'stall-at', offset: 2_345_679 };
    server.requests.length = 0;
    const other = tempDir();
    await failure(downloadFile({ url: server.url(NAME), directory: other }, deps({ retry: { baseDelayMs: 1, maxDelayMs: 2, maxConsecutiveFailures: 1 } })));
    server.fault = { kind: 'none' };
    server.requests.length = 0;
    const second = await downloadFile({ url: server.url(NAME), directory: other }, deps());
    expect(second.resumedFromBytes).toBe(2_345_679);
    expect(server.requests[0]).toMatchObject({ range: 'bytes=2345679-', status: 206 });
    expect(second.manifest.sha256).toBe(SHA);
  });

  it('gives up after repeated failures without progress, keeps the partial, and a later run resumes from it', async () => {
    server.fault = { kind: 'stall-at', offset: 1_500_000 };
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps({ retry: { baseDelayMs: 1, maxDelayMs: 2, maxConsecutiveFailures: 2 } })));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/already downloaded are kept/);
    expect(existsSync(path.join(dir, NAME))).toBe(false);
    expect(statSync(path.join(dir, `${NAME}.partial`)).size).toBe(1_500_000);
    const state = JSON.parse(readFileSync(path.join(dir, `${NAME}.partial.json`), 'utf8'));
    expect(state).toMatchObject({ committedBytes: 1_500_000, totalBytes: BYTES.length });

    server.fault = { kind: 'none' };
    server.requests.length = 0;
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(result.resumedFromBytes).toBe(1_500_000);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ range: 'bytes=1500000-', status: 206 });
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
    expect(filesIn(dir)).toEqual([NAME, `${NAME}.manifest.json`]);
  });

  it('gives up on a slow drip (a byte every 20 ms keeps the idle timeout from firing) after its retries, keeping what came', async () => {
    reset();
    server.fault = { kind: 'drip', intervalMs: 20 };
    const dir = tempDir();
    const download = downloadFile(
      { url: server.url(NAME), directory: dir, expectedSha256: SHA },
      deps({ minimumRate: { bytes: 1024, windowMs: 300 }, retry: { baseDelayMs: 1, maxDelayMs: 2, maxConsecutiveFailures: 2 } }),
    );
    const err = await Promise.race([failure(download), new Promise<string>(resolve => setTimeout(() => resolve('still downloading after 10 s'), 10_000))]);
    expect(err).toMatchObject({ code: 'network', message: expect.stringMatching(/failed 3 times in a row: The server sent only \d+ bytes in 300 ms, far too slow to finish\./) });
    expect(server.requests).toHaveLength(3);
    expect(existsSync(path.join(dir, NAME))).toBe(false);
  });

  it('starts over cleanly when the server ignores Range', async () => {
    reset();
    server.fault = { kind: 'stall-at', offset: 1_000_000 };
    const dir = tempDir();
    await failure(downloadFile({ url: server.url(NAME), directory: dir }, deps({ retry: { maxConsecutiveFailures: 0 } })));
    server.fault = { kind: 'ignore-range' };
    server.requests.length = 0;
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(server.requests).toEqual([expect.objectContaining({ range: 'bytes=1000000-', status: 200 })]);
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
    expect(events.some(e => e.stage === 'retrying' && /Starting .* over/.test(e.message))).toBe(true);
  });

  it('restarts when the file changed on the server (If-Range answered with the whole new file)', async () => {
    server.fault = { kind: 'change-after-first', dropAfter: 500_000 };
    server.changedContent = bufferContent(OTHER);
    const dir = tempDir();
    const result = await downloadFile({ url: server.url(NAME), directory: dir }, deps());
    expect(server.requests.map(r => r.status)).toEqual([200, 200]);
    expect(server.requests[1]!.ifRange).toMatch(/^"v1-/);
    expect(result.manifest.sha256).toBe(OTHER_SHA);
    expect(readFileSync(result.path).equals(OTHER)).toBe(true);
  });

  it('restarts when a server ignoring If-Range sends a range of a changed file (ETag mismatch)', async () => {
    server.fault = { kind: 'change-ignoring-if-range', dropAfter: 500_000 };
    server.changedContent = bufferContent(OTHER);
    const dir = tempDir();
    const result = await downloadFile({ url: server.url(NAME), directory: dir }, deps());
    expect(server.requests.map(r => r.status)).toEqual([200, 206, 200]);
    expect(server.requests[2]!.range).toBeUndefined();
    expect(readFileSync(result.path).equals(OTHER)).toBe(true);
  });

  it('refuses the changed file when the published hash is the old one', async () => {
    server.fault = { kind: 'change-after-first', dropAfter: 500_000 };
    server.changedContent = bufferContent(OTHER);
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps()));
    expect(err.code).toBe('integrity');
    expect(filesIn(dir)).toEqual([]);
  });

  it('refuses a body truncated without a length (chunked) when size or hash are known', async () => {
    server.fault = { kind: 'short-chunked', bytes: 1_000_000 };
    const bySize = tempDir();
    const sizeErr = await failure(downloadFile({ url: server.url(NAME), directory: bySize, expectedSizeBytes: BYTES.length }, deps()));
    expect(sizeErr.code).toBe('integrity');
    expect(sizeErr.message).toMatch(/wrong size/);
    expect(filesIn(bySize)).toEqual([]);
    const byHash = tempDir();
    const hashErr = await failure(downloadFile({ url: server.url(NAME), directory: byHash, expectedSha256: SHA }, deps()));
    expect(hashErr.code).toBe('integrity');
    expect(filesIn(byHash)).toEqual([]);
  });

  it('resumes a body that ends cleanly before the total its Content-Range announced', async () => {
    server.fault = { kind: 'stall-at', offset: 800_000 };
    const dir = tempDir();
    await failure(downloadFile({ url: server.url(NAME), directory: dir }, deps({ retry: { maxConsecutiveFailures: 0 } })));
    // Every 206 is chunked (no Content-Length) and stops after 600 kB: only the
    // total in Content-Range shows the body was short, and each retry resumes.
    server.fault = { kind: 'short-chunked', bytes: 600_000 };
    server.requests.length = 0;
    events = [];
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(server.requests.map(r => r.range)).toEqual(['bytes=800000-', 'bytes=1400000-', 'bytes=2000000-', 'bytes=2600000-']);
    expect(events.filter(e => e.stage === 'retrying').map(e => e.message)[0]).toMatch(/closed the connection after 1\.4 MB/);
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
  });

  it('deletes a file with the wrong hash and never writes its manifest', async () => {
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: OTHER_SHA }, deps()));
    expect(err.code).toBe('integrity');
    expect(err.detail).toContain(SHA);
    expect(filesIn(dir)).toEqual([]);
  });

  it('refuses a file of the wrong size before downloading it', async () => {
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir, expectedSizeBytes: BYTES.length + 1 }, deps()));
    expect(err.code).toBe('integrity');
    expect(server.requests).toHaveLength(1);
    expect(filesIn(dir)).toEqual([]);
  });

  it('reports a full disk, keeps what was written, and resumes once there is space', async () => {
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps({ openFile: diskFullAfter(1_200_000) })));
    expect(err.code).toBe('disk-full');
    expect(err.fix).toBeTruthy();
    expect(existsSync(path.join(dir, NAME))).toBe(false);
    const kept = statSync(path.join(dir, `${NAME}.partial`)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(1_200_000);
    server.requests.length = 0;
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(result.resumedFromBytes).toBe(kept);
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
  });

  it('checks free space before writing', async () => {
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir }, deps({ freeSpace: async () => 1000 })));
    expect(err.code).toBe('disk-full');
    expect(filesIn(dir).filter(f => !f.endsWith('.partial.json'))).toEqual([]);
    expect(existsSync(path.join(dir, NAME))).toBe(false);
  });

  it('stops on cancel, keeps the partial, and the next run resumes', async () => {
    server.fault = { kind: 'slow', bytesPerSecond: 1_000_000 };
    const dir = tempDir();
    const controller = new AbortController();
    const pending = downloadFile(
      { url: server.url(NAME), directory: dir, expectedSha256: SHA },
      deps({
        signal: controller.signal,
        onProgress: p => {
          if (p.stage === 'downloading' && p.completed > 300_000) controller.abort();
        },
      }),
    );
    const err = await failure(pending);
    expect(err.code).toBe('cancelled');
    expect(existsSync(path.join(dir, NAME))).toBe(false);
    const kept = statSync(path.join(dir, `${NAME}.partial`)).size;
    expect(kept).toBeGreaterThan(300_000);
    server.fault = { kind: 'none' };
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(result.resumedFromBytes).toBe(kept);
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
  });

  it('drops bytes written after the last flush before resuming (power-cut safety)', async () => {
    const dir = tempDir();
    const partial = path.join(dir, `${NAME}.partial`);
    // 1 MB that is right, then 100 kB of garbage the state file does not vouch for.
    writeFileSync(partial, Buffer.concat([BYTES.subarray(0, 1_000_000), Buffer.alloc(100_000, 0xee)]));
    writeFileSync(
      `${partial}.json`.replace('.partial.json', '.partial.json'),
      JSON.stringify({ kind: 'download', version: 1, url: server.url(NAME), etag: `"v1-${BYTES.length}"`, lastModified: null, totalBytes: BYTES.length, committedBytes: 1_000_000, updatedAt: '' }),
    );
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(result.resumedFromBytes).toBe(1_000_000);
    expect(server.requests[0]!.range).toBe('bytes=1000000-');
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
  });

  it('does not trust a partial file without its state (or for another URL)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, `${NAME}.partial`), Buffer.alloc(500_000, 1));
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(result.resumedFromBytes).toBe(0);
    expect(server.requests[0]!.range).toBeUndefined();
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
  });

  it('recognises an existing verified file instead of downloading it again', async () => {
    const dir = tempDir();
    await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    server.requests.length = 0;
    const again = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(again.alreadyPresent).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it('never overwrites a file of the same name it did not verify', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, NAME), 'mine');
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir }, deps()));
    expect(err.code).toBe('io');
    expect(readFileSync(path.join(dir, NAME), 'utf8')).toBe('mine');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a verified file that was changed afterwards', async () => {
    const dir = tempDir();
    const first = await downloadFile({ url: server.url(NAME), directory: dir }, deps());
    const damaged = Buffer.from(BYTES);
    damaged[10] = damaged[10]! ^ 1;
    writeFileSync(first.path, damaged);
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir }, deps()));
    expect(err.message).toMatch(/no longer matches/);
  });

  it('refuses a file that fails the signature check, and deletes it', async () => {
    const failing: SignatureVerifier = {
      verify: async () => ({ check: { checked: true, status: 'HashMismatch', signer: null, chainRoot: null }, failed: true, reason: 'Windows reports the file\'s signature as "HashMismatch".' }),
    };
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps({ verifier: failing })));
    expect(err.code).toBe('integrity');
    expect(err.message).toMatch(/signature/);
    expect(filesIn(dir)).toEqual([]);
  });

  it('keeps the finished bytes when the signature check itself cannot run, and only re-checks next time', async () => {
    const broken: SignatureVerifier = {
      verify: async () => {
        throw new AppError('powershell-missing', 'PowerShell was not found.');
      },
    };
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps({ verifier: broken })));
    expect(err.code).toBe('powershell-missing');
    expect(existsSync(path.join(dir, NAME))).toBe(false);
    expect(statSync(path.join(dir, `${NAME}.partial`)).size).toBe(BYTES.length);
    server.requests.length = 0;
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(server.requests).toEqual([expect.objectContaining({ status: 416 })]);
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
  });

  it('maps HTTP errors: 404 is final, 503 is retried', async () => {
    server.fault = { kind: 'status', status: 404 };
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir }, deps()));
    expect(err.code).toBe('not-found');
    expect(server.requests).toHaveLength(1);

    server.fault = { kind: 'status', status: 503, times: 2 };
    server.requests.length = 0;
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(result.attempts).toBe(3);
    expect(server.requests.map(r => r.status)).toEqual([503, 503, 200]);
  });

  it('checks every redirect against the allow-list', async () => {
    server.fault = { kind: 'redirect', location: 'https://evil.example.com/Exchange.exe' };
    const dir = tempDir();
    const err = await failure(downloadFile({ url: server.url(NAME), directory: dir }, deps()));
    expect(err.code).toBe('host-not-allowed');
    expect(filesIn(dir)).toEqual([]);
  });

  it('uses Last-Modified for If-Range when the server sends no ETag', async () => {
    const noEtag = await startFaultServer({ content: bufferContent(BYTES), etag: false, fault: { kind: 'drop', afterBytes: 400_000, times: 1 } });
    try {
      const dir = tempDir();
      const result = await downloadFile({ url: noEtag.url(NAME), directory: dir, expectedSha256: SHA }, deps({ allowHosts: [parseAllowedHost(noEtag.host)] }));
      expect(noEtag.requests[1]!.ifRange).toBe('Mon, 02 Nov 2026 10:00:00 GMT');
      expect(readFileSync(result.path).equals(BYTES)).toBe(true);
    } finally {
      await noEtag.close();
    }
  });
});

describe('downloadFile over HTTPS', () => {
  const certs = makeTestCertificates({ ips: ['127.0.0.1'], dns: ['download.microsoft.com'] });
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer({ content: bufferContent(BYTES), tls: certs });
  });
  afterAll(async () => server.close());

  it('downloads from a server whose certificate is trusted', async () => {
    const route = await createProxyRoute({ mode: 'direct' }, { ca: certs.ca });
    try {
      const dir = tempDir();
      const result = await downloadFile(
        { url: server.url(NAME), directory: dir, expectedSha256: SHA },
        { verifier: unavailableSignatureVerifier('linux'), allowHosts: [parseAllowedHost(server.host)], route },
      );
      expect(readFileSync(result.path).equals(BYTES)).toBe(true);
    } finally {
      await route.close();
    }
  });

  it('fails with a tls error, without retrying, when the certificate is not trusted', async () => {
    const dir = tempDir();
    server.requests.length = 0;
    const err = await failure(
      downloadFile(
        { url: server.url(NAME), directory: dir },
        { verifier: unavailableSignatureVerifier('linux'), allowHosts: [parseAllowedHost(server.host)], proxy: { mode: 'direct' }, retry: { baseDelayMs: 1 } },
      ),
    );
    expect(err.code).toBe('tls');
    expect(err.fix).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(server.requests).toHaveLength(0);
    expect(filesIn(dir)).toEqual([]);
  });
});
