import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../src-shared/ipc/contract';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { createTransferHandlers } from '../../electron/engine/handlers/transfer';
import { demoBytes, demoFileName, demoRateFromEnv, startDemoUpdateServer, type DemoUpdateServer } from '../../electron/engine/transfer/demo-update-server';
import { parseAllowedHost } from '../../electron/engine/transfer/allowed-hosts';
import { downloadFile } from '../../electron/engine/transfer/downloader';
import { findUpdatePackage as catalogPackageLookup } from '../../src-shared/knowledge';
import { unavailableSignatureVerifier } from '../../electron/engine/transfer/signature';
import { useTempDirs } from './helpers/files';

const tempDir = useTempDirs();
const PACKAGE = 'exchange-2019-cu15-oct25su-exe';

describe('demo update server', () => {
  let server: DemoUpdateServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('serves deterministic, plainly labelled demo bytes with their SHA-256', async () => {
    server = await startDemoUpdateServer({ bytesPerSecond: 0, sizeBytes: 1024 * 1024 });
    const demo = server.demoPackage(PACKAGE, 'Exchange2019-KB5066367-x64-en.exe');
    expect(demo.fileName).toBe('DEMO-Exchange2019-KB5066367-x64-en.bin');
    expect(demo.url.startsWith(server.origin)).toBe(true);
    const bytes = demoBytes(PACKAGE, 1024 * 1024);
    expect(demo.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(bytes.subarray(0, 200).toString('utf8')).toMatch(/DEMO CONTENT[\s\S]*not a Microsoft file/);
    expect(demoBytes(PACKAGE, 1024 * 1024).equals(bytes)).toBe(true);
    expect(demoBytes('another', 1024 * 1024).equals(bytes)).toBe(false);
    const response = await fetch(demo.url, { headers: { range: 'bytes=1000-' } });
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(1000))).toBe(true);
    expect((await fetch(`${server.origin}/elsewhere`)).status).toBe(404);
  });

  it('takes its pace from EXWIZ_DEMO_DOWNLOAD_RATE only when it is a whole number of bytes per second', () => {
    expect(demoRateFromEnv({ EXWIZ_DEMO_DOWNLOAD_RATE: '0' })).toBe(0);
    expect(demoRateFromEnv({ EXWIZ_DEMO_DOWNLOAD_RATE: '1048576' })).toBe(1_048_576);
    for (const value of [undefined, '', 'fast', '-1', '1.5', '1e9']) expect(demoRateFromEnv({ EXWIZ_DEMO_DOWNLOAD_RATE: value })).toBeUndefined();
  });

  it('maps every catalog package to its demo twin', async () => {
    server = await startDemoUpdateServer({ bytesPerSecond: 0 });
    const real = catalogPackageLookup(PACKAGE)!;
    const twin = server.lookup(catalogPackageLookup)(PACKAGE)!;
    expect(twin).toMatchObject({ id: real.id, product: real.product, cu: real.cu, update: real.update, fileName: demoFileName(real.fileName), downloadPage: null });
    expect(twin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/demo-packages\//);
    expect(twin.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(server.lookup(catalogPackageLookup)('no-such-package')).toBeNull();
  });

  it('drops the first transfer once in drop-once mode, and the download resumes', async () => {
    server = await startDemoUpdateServer({ bytesPerSecond: 0, fault: 'drop-once' });
    const twin = server.packageFor(catalogPackageLookup(PACKAGE)!);
    const messages: string[] = [];
    const result = await downloadFile(
      { url: twin.url!, directory: tempDir(), fileName: twin.fileName, expectedSha256: twin.sha256, expectedSizeBytes: twin.sizeBytes, updateId: twin.id },
      { verifier: unavailableSignatureVerifier('linux'), allowHosts: [server.allowedHost], retry: { baseDelayMs: 5 }, onProgress: p => messages.push(p.message) },
    );
    expect(result.attempts).toBe(2);
    expect(result.manifest.sha256).toBe(twin.sha256);
    expect(result.manifest.signature.status).toMatch(/^Not applicable/);
    expect(messages.some(m => /Resuming from/.test(m))).toBe(true);
  });

  it('serves damaged bytes in wrong-bytes mode, which the hash check refuses', async () => {
    server = await startDemoUpdateServer({ bytesPerSecond: 0, fault: 'wrong-bytes' });
    const twin = server.packageFor(catalogPackageLookup(PACKAGE)!);
    const dir = tempDir();
    const err = await downloadFile(
      { url: twin.url!, directory: dir, fileName: twin.fileName, expectedSha256: twin.sha256 },
      { verifier: unavailableSignatureVerifier('linux'), allowHosts: [parseAllowedHost(`127.0.0.1:${server.allowedHost.port}`)] },
    ).catch(e => e);
    expect(err.code).toBe('integrity');
    expect(existsSync(path.join(dir, twin.fileName))).toBe(false);
  });
});

describe('transfer handlers (engine)', () => {
  let engine: Engine | null = null;
  let demo: DemoUpdateServer | null = null;
  afterEach(async () => {
    await engine?.dispose();
    await demo?.close();
    engine = null;
    demo = null;
  });

  function setUp(fault: 'none' | 'drop-once' = 'none') {
    const home = tempDir();
    engine = createEngine({ mode: 'browser', version: 'test', dataDirectory: home, ports: { openExternal: async () => undefined } });
    const events: JobProgress[] = [];
    engine.context.events.subscribe((_name, payload) => events.push(payload as JobProgress));
    const handlers = createTransferHandlers(engine.context, {
      startDemoServer: async () => (demo = await startDemoUpdateServer({ bytesPerSecond: 0, fault })),
    });
    return { home, events, handlers, engine };
  }

  it('downloads, stages and records in the session for the demo organisation', async () => {
    const { home, events, handlers } = setUp('drop-once');
    const { download } = await handlers.downloadUpdate({ jobId: 'd1', updateId: PACKAGE });
    expect(download.path).toBe(path.join(home, 'downloads', PACKAGE, 'DEMO-Exchange2019-KB5066367-x64-en.bin'));
    expect(download.attempts).toBe(2);
    const progress = events.filter(e => e.jobId === 'd1' && e.phase === 'progress');
    expect(progress.every(e => e.unit === 'bytes' && e.kind === 'download')).toBe(true);
    expect(progress.some(e => /Resuming from/.test(e.message))).toBe(true);
    expect(events.filter(e => e.jobId === 'd1').at(-1)?.phase).toBe('finished');

    const { stage } = await handlers.stageUpdate({ jobId: 's1', file: download.path, server: 'EX01.contoso.local' });
    expect(stage.destinationPath).toBe(path.join(home, 'demo-servers', 'ex01.contoso.local', 'C$', 'ExchangeUpdates', PACKAGE, 'DEMO-Exchange2019-KB5066367-x64-en.bin'));
    expect(readFileSync(stage.destinationPath).equals(readFileSync(download.path))).toBe(true);

    const session = await engine!.context.sessions.load();
    expect(session.downloads.map(d => d.path)).toEqual([download.path]);
    expect(session.staging.map(s => s.destinationPath)).toEqual([stage.destinationPath]);
    expect(session.audit.filter(a => a.action === 'download' || a.action === 'stage').map(a => a.outcome)).toEqual(['ok', 'ok']);
  });

  it('goes through dispatch: validation, and clear errors outside the demo', async () => {
    const { engine: e } = setUp();
    await e.context.sessions.update(s => {
      s.organisation = { mode: 'servers', hasEsu: false, serverNames: ['ex01'] };
    });
    const noArgs = await e.dispatch('downloadUpdate', { jobId: 'x1' });
    expect(noArgs).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    // The built-in catalog has no direct links: the error says where to get the file.
    const noLink = await e.dispatch('downloadUpdate', { jobId: 'x2', updateId: PACKAGE });
    expect(noLink).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect((noLink as { error: { fix: string } }).error.fix).toMatch(/import/);
    const esu = await e.dispatch('downloadUpdate', { jobId: 'x3', updateId: 'exchange-2019-cu15-jun26su-exe' });
    expect((esu as { error: { message: string } }).error.message).toMatch(/Extended Security Update/);
    const elsewhere = await e.dispatch('downloadUpdate', { jobId: 'x4', url: 'https://example.com/x.exe' });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'host-not-allowed' } });
    const unknown = await e.dispatch('importUpdateFile', { jobId: 'x5', path: '/nowhere/x.exe', updateId: 'nope' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const session = await e.context.sessions.load();
    expect(session.audit.filter(a => a.outcome === 'failed').length).toBeGreaterThanOrEqual(4);
  });

  it('imports a file for the demo organisation and refuses one that is not the expected file', async () => {
    const { home, handlers } = setUp();
    const { download } = await handlers.downloadUpdate({ jobId: 'd2', updateId: PACKAGE, directory: path.join(home, 'elsewhere') });
    const { download: imported } = await handlers.importUpdateFile({ jobId: 'i1', path: download.path, updateId: PACKAGE });
    expect(imported.manifest.importedFrom).toBe(download.path);
    const wrong = await handlers.importUpdateFile({ jobId: 'i2', path: download.path, updateId: 'exchange-2019-cu14-oct25su-exe' }).catch(err => err);
    expect(wrong.code).toBe('integrity');
  });

  it('is registered in the engine instead of the pending stubs', async () => {
    const { engine: e, home } = setUp();
    // Inside the data folder: the renderer may name only such paths (or ones chosen in a dialog).
    const result = await e.dispatch('stageUpdate', { jobId: 'p1', file: path.join(home, 'nowhere', 'x.exe'), destination: path.join(home, 'staged') });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
