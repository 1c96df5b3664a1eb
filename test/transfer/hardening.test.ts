import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import { parseAllowedHost } from '../../electron/engine/transfer/allowed-hosts';
import { downloadFile, type DownloadDeps } from '../../electron/engine/transfer/downloader';
import { importFile } from '../../electron/engine/transfer/importer';
import { stageFile } from '../../electron/engine/transfer/stager';
import { serverFolderStep } from '../../electron/engine/transfer/staging-folder';
import { unavailableSignatureVerifier } from '../../electron/engine/transfer/signature';
import { randomishBytes } from './helpers/fault-server';
import { diskFullAfter, failure, filesIn, useTempDirs } from './helpers/files';

/**
 * Hostile or broken conditions around a download: a partial file that is a
 * symbolic link, a disk that fills during a download of unknown length, and
 * a 206 whose Content-Range is not the range asked for.
 */
const NAME = 'Exchange2019-KB5066367-x64-en.exe';
const BYTES = randomishBytes(2 * 1024 * 1024 + 321, 7);
const SHA = createHash('sha256').update(BYTES).digest('hex');
const tempDir = useTempDirs();

type Reply = (req: http.IncomingMessage, res: http.ServerResponse) => void;

describe('download hardening', () => {
  let server: http.Server;
  let host: string;
  let reply: Reply;
  const url = () => `http://${host}/${NAME}`;
  const deps = (extra: Partial<DownloadDeps> = {}): DownloadDeps => ({
    verifier: unavailableSignatureVerifier('linux'),
    allowHosts: [parseAllowedHost(host)],
    proxy: { mode: 'direct' },
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxConsecutiveFailures: 2, maxRestarts: 2 },
    ...extra,
  });
  /** The whole file, or the range asked for, as a well-behaved server sends it. */
  const honest: Reply = (req, res) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const headers: http.OutgoingHttpHeaders = { etag: '"v1"', 'content-length': BYTES.length - start };
    if (range) headers['content-range'] = `bytes ${start}-${BYTES.length - 1}/${BYTES.length}`;
    res.writeHead(range ? 206 : 200, headers);
    res.end(BYTES.subarray(start));
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => reply(req, res));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  it('never writes through a partial file that is a symbolic link (nor trusts what it points at)', async () => {
    reply = honest;
    const dir = tempDir();
    const victim = path.join(tempDir(), 'precious.txt');
    const precious = Buffer.from('x'.repeat(4096));
    writeFileSync(victim, precious);
    symlinkSync(victim, path.join(dir, `${NAME}.partial`));
    // A state file that would make the link look like a resumable partial of this very URL.
    writeFileSync(
      path.join(dir, `${NAME}.partial.json`),
      JSON.stringify({ kind: 'download', version: 1, url: url(), etag: '"v1"', lastModified: null, totalBytes: BYTES.length, committedBytes: 1024, updatedAt: new Date().toISOString() }),
    );
    const result = await downloadFile({ url: url(), directory: dir, expectedSha256: SHA }, deps());
    expect(readFileSync(victim).equals(precious)).toBe(true);
    expect(result.resumedFromBytes).toBe(0);
    expect(lstatSync(result.path).isSymbolicLink()).toBe(false);
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
  });

  it('removes the partial file when the disk fills during a download of unknown length', async () => {
    // Chunked: no Content-Length, so no free-space check could run before writing.
    reply = (_req, res) => {
      res.writeHead(200, { etag: '"v1"', 'transfer-encoding': 'chunked' });
      res.end(BYTES);
    };
    const dir = tempDir();
    const err = await failure(downloadFile({ url: url(), directory: dir }, deps({ openFile: diskFullAfter(512 * 1024) })));
    expect(err.code).toBe('disk-full');
    expect(filesIn(dir)).toEqual([]);
  });

  it.each([
    ['a range that starts elsewhere', (start: number) => `bytes ${start + 10}-${BYTES.length - 1}/${BYTES.length}`],
    ['an end before its start', (start: number) => `bytes ${start}-${start - 1}/${BYTES.length}`],
    ['an end past the total', (start: number) => `bytes ${start}-${BYTES.length + 99}/${BYTES.length}`],
    ['another total', (start: number) => `bytes ${start}-${BYTES.length - 1}/${BYTES.length * 2}`],
    ['no range at all', () => null],
    ['garbage', () => 'bytes=lots'],
    ['a length that is not the range', (start: number) => `bytes ${start}-${start + 99}/${BYTES.length}`],
  ])('fails cleanly (or starts over) when a 206 carries %s', async (_label, contentRange) => {
    const dir = tempDir();
    // First run: drop the connection midway, leaving a resumable partial.
    reply = (_req, res) => {
      res.writeHead(200, { etag: '"v1"', 'content-length': BYTES.length });
      res.write(BYTES.subarray(0, 1024 * 1024), () => res.destroy());
    };
    await failure(downloadFile({ url: url(), directory: dir, expectedSha256: SHA }, deps({ retry: { baseDelayMs: 1, maxDelayMs: 1, maxConsecutiveFailures: 0 } })));
    expect(existsSync(path.join(dir, `${NAME}.partial`))).toBe(true);

    let resumes = 0;
    let wholeAfterResume = 0;
    reply = (req, res) => {
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (!range) {
        if (resumes > 0) wholeAfterResume++;
        return honest(req, res);
      }
      resumes++;
      const start = Number(range[1]);
      const value = contentRange(start);
      res.writeHead(206, { etag: '"v1"', 'content-length': BYTES.length - start, ...(value ? { 'content-range': value } : {}) });
      res.end(BYTES.subarray(start));
    };
    const outcome = await downloadFile({ url: url(), directory: dir, expectedSha256: SHA }, deps()).then(
      result => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    expect(resumes).toBeGreaterThan(0);
    if (outcome.ok) {
      // The bad range was not used: the download started over from byte 0 and got the right file.
      expect(wholeAfterResume).toBeGreaterThan(0);
      expect(readFileSync(outcome.result.path).equals(BYTES)).toBe(true);
    } else {
      expect(outcome.error).toHaveProperty('code');
      expect(existsSync(path.join(dir, NAME))).toBe(false);
    }
  });
});

describe('staging to a server: the admin-only folder comes first', () => {
  async function verifiedFile(): Promise<string> {
    const bytes = randomishBytes(256 * 1024, 3);
    const source = path.join(tempDir(), 'brought.exe');
    writeFileSync(source, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const imported = await importFile(
      { source, directory: tempDir(), fileName: NAME, updateId: 'exchange-2019-cu15-oct25su-exe', expectedSha256: sha, expectedSizeBytes: bytes.length },
      { verifier: unavailableSignatureVerifier('linux') },
    );
    return imported.path;
  }

  it('prepares the server folder before writing anything, and writes nothing when it is refused', async () => {
    const file = await verifiedFile();
    const dest = path.join(tempDir(), 'ExchangeUpdates', 'exchange-2019-cu15-oct25su-exe');
    const calls: string[] = [];
    await stageFile(
      { file, destinationDirectory: dest, server: 'ex01' },
      {
        prepareServerFolder: async (server, folder) => {
          calls.push(`${server} ${folder} ${existsSync(dest) ? 'after' : 'before'}`);
        },
      },
    );
    expect(calls).toEqual(['ex01 exchange-2019-cu15-oct25su-exe before']);

    const refusedDest = path.join(tempDir(), 'ExchangeUpdates', 'x');
    const err = await failure(
      stageFile(
        { file, destinationDirectory: refusedDest, server: 'ex01' },
        {
          prepareServerFolder: async () => {
            throw new AppError('access-denied', 'The staging folder on ex01 cannot be trusted.');
          },
        },
      ),
    );
    expect(err.code).toBe('access-denied');
    expect(existsSync(refusedDest)).toBe(false);
  });

  it("applies only when copying to a server's own share on Windows", () => {
    const runner = () => {
      throw new Error('not in this test');
    };
    expect(serverFolderStep({ server: 'ex01' }, { platform: 'win32', demo: false, runner }).prepareServerFolder).toBeTypeOf('function');
    expect(serverFolderStep({ server: 'ex01' }, { platform: 'win32', demo: false, runner }).checkOnServer).toBeTypeOf('function');
    expect(serverFolderStep({ server: 'ex01' }, { platform: 'linux', demo: false, runner })).toEqual({});
    expect(serverFolderStep({ server: 'ex01' }, { platform: 'win32', demo: true, runner })).toEqual({});
    expect(serverFolderStep({ server: 'ex01', destination: 'D:\\stage' }, { platform: 'win32', demo: false, runner })).toEqual({});
  });

  it('never truncates through a staging partial that is a symbolic link', async () => {
    const file = await verifiedFile();
    const dest = tempDir();
    const victim = path.join(tempDir(), 'precious.txt');
    const precious = Buffer.from('y'.repeat(300 * 1024));
    writeFileSync(victim, precious);
    symlinkSync(victim, path.join(dest, `${NAME}.partial`));
    const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as { sha256: string; sizeBytes: number };
    writeFileSync(
      path.join(dest, `${NAME}.partial.json`),
      JSON.stringify({ kind: 'copy', version: 1, sourceSha256: manifest.sha256, sizeBytes: manifest.sizeBytes, committedBytes: 1024, updatedAt: new Date().toISOString() }),
    );
    const result = await stageFile({ file, destinationDirectory: dest, server: null });
    expect(readFileSync(victim).equals(precious)).toBe(true);
    expect(lstatSync(result.destinationPath).isSymbolicLink()).toBe(false);
  });
});
