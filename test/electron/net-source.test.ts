import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAllowedHost } from '../../electron/engine/transfer/allowed-hosts';
import { downloadFile, type DownloadDeps } from '../../electron/engine/transfer/downloader';
import { unavailableSignatureVerifier } from '../../electron/engine/transfer/signature';
import { bufferContent, randomishBytes, startFaultServer, type FaultServer } from '../transfer/helpers/fault-server';
import { failure, filesIn, useTempDirs } from '../transfer/helpers/files';
import { makeTestCertificates } from '../transfer/helpers/tls';
import { FakeClientRequest, fakeElectron, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { electronNetSource } = await import('../../electron/main/net-source');

const NAME = 'Exchange2019-KB5066367-x64-en.exe';
const BYTES = randomishBytes(3 * 1024 * 1024 + 1234, 42);
const SHA = createHash('sha256').update(BYTES).digest('hex');
const tempDir = useTempDirs();

/** The desktop app's downloads go through Chromium's stack (Electron net), here the stand-in over a loopback fault server. */
describe('downloads through Electron net (stand-in Electron, loopback fault server)', () => {
  let server: FaultServer;
  const deps = (extra: Partial<DownloadDeps> = {}): DownloadDeps => ({
    verifier: unavailableSignatureVerifier('linux'),
    allowHosts: [parseAllowedHost(server.host)],
    source: electronNetSource(),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  });
  beforeAll(async () => {
    server = await startFaultServer({ content: bufferContent(BYTES) });
  });
  afterAll(async () => server.close());
  afterEach(() => {
    server.fault = { kind: 'none' };
    server.requests.length = 0;
    resetFakeElectron();
  });

  it('downloads and hashes through net.request, never compressed, cookies and cache off', async () => {
    const dir = tempDir();
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA, expectedSizeBytes: BYTES.length }, deps());
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
    expect(filesIn(dir)).toEqual([NAME, `${NAME}.manifest.json`]);
    expect(fakeElectron.net.request).toHaveBeenCalledWith(expect.objectContaining({ url: server.url(NAME), redirect: 'manual', useSessionCookies: false, cache: 'no-store' }));
    expect(FakeClientRequest.requests[0]?.headers['accept-encoding']).toBe('identity');
  });

  it('resumes after dropped connections with Range and If-Range', async () => {
    server.fault = { kind: 'drop', afterBytes: 1_200_000, times: 2 };
    const dir = tempDir();
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
    expect(result.attempts).toBe(3);
    const resumed = server.requests.filter(r => r.range !== undefined);
    expect(resumed.length).toBeGreaterThan(0);
    for (const r of resumed) {
      expect(r.status).toBe(206);
      expect(r.ifRange).toMatch(/^"v1-/);
    }
  });

  it('maps HTTP answers as undici does: 404 final, 503 retried', async () => {
    server.fault = { kind: 'status', status: 404 };
    const dir = tempDir();
    expect((await failure(downloadFile({ url: server.url(NAME), directory: dir }, deps()))).code).toBe('not-found');
    server.fault = { kind: 'status', status: 503, times: 2 };
    server.requests.length = 0;
    const result = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(result.attempts).toBe(3);
    expect(server.requests.map(r => r.status)).toEqual([503, 503, 200]);
  });

  it('checks every redirect against the allow-list before following it', async () => {
    server.fault = { kind: 'redirect', location: 'https://evil.example.com/Exchange.exe' };
    const dir = tempDir();
    expect((await failure(downloadFile({ url: server.url(NAME), directory: dir }, deps()))).code).toBe('host-not-allowed');
    expect(FakeClientRequest.requests.map(r => new URL(r.url).host)).toEqual([server.host]);
    expect(filesIn(dir)).toEqual([]);
  });

  it('stops on cancel and keeps the partial for the next run', async () => {
    server.fault = { kind: 'slow', bytesPerSecond: 512 * 1024 };
    const dir = tempDir();
    const controller = new AbortController();
    const run = downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 600);
    expect((await failure(run)).code).toBe('cancelled');
    expect(filesIn(dir)).toContain(`${NAME}.partial`);
    server.fault = { kind: 'none' };
    const resumed = await downloadFile({ url: server.url(NAME), directory: dir, expectedSha256: SHA }, deps());
    expect(resumed.resumedFromBytes).toBeGreaterThan(0);
  });
});

describe('Electron net and an untrusted certificate', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer({ content: bufferContent(BYTES), tls: makeTestCertificates({ ips: ['127.0.0.1'], dns: ['download.microsoft.com'] }) });
  });
  afterAll(async () => server.close());

  it('is a tls error, not retried, whose fix is the Windows certificate store (not NODE_EXTRA_CA_CERTS)', async () => {
    const dir = tempDir();
    const err = await failure(
      downloadFile(
        { url: server.url(NAME), directory: dir },
        { verifier: unavailableSignatureVerifier('linux'), allowHosts: [parseAllowedHost(server.host)], source: electronNetSource(), retry: { baseDelayMs: 1 } },
      ),
    );
    expect(err.code).toBe('tls');
    expect(err.fix).toMatch(/Trusted Root Certification Authorities/);
    expect(err.fix).not.toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(filesIn(dir)).toEqual([]);
  });
});
