import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine';

const SECRET = 'TOP-SECRET root:x:0:0:root:/root:/bin/bash';

describe('paths the renderer gives', () => {
  let dir: string;
  let home: string;
  let secret: string;
  let engine: Engine;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'exwiz-paths-'));
    home = path.join(dir, 'home');
    mkdirSync(home);
    secret = path.join(dir, 'secret.json');
    writeFileSync(secret, SECRET);
    engine = createEngine({ mode: 'browser', version: 't', dataDirectory: home, ports: { openExternal: async () => undefined } });
  });
  afterAll(async () => {
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const refusal = async (method: string, payload: unknown) => {
    const result = await engine.dispatch(method, payload);
    expect(result.ok, `${method} ${JSON.stringify(payload)}`).toBe(false);
    const error = (result as { ok: false; error: { code: string; message: string; detail?: string } }).error;
    expect(JSON.stringify(error)).not.toContain('TOP-SECRET');
    return error;
  };

  it('refuses files outside the data folder that no dialog returned, for every method that takes a path', async () => {
    const outside = path.join(dir, 'elsewhere');
    const cases: Array<[string, unknown]> = [
      ['openReport', { path: secret }],
      ['analyseSetupLogFile', { path: secret }],
      ['importUpdateFile', { jobId: 'i1', path: secret, updateId: 'exchange-2019-cu15-jun26su-exe' }],
      ['importUpdateFile', { jobId: 'i2', path: path.join(home, 'x.exe'), updateId: 'exchange-2019-cu15-jun26su-exe', directory: outside }],
      ['importCollectorCapture', { jobId: 'c1', path: secret }],
      ['stageUpdate', { jobId: 's1', file: secret, server: 'EX1' }],
      ['stageUpdate', { jobId: 's2', file: path.join(home, 'x.exe'), destination: outside }],
      ['downloadUpdate', { jobId: 'd1', updateId: 'exchange-2019-cu15-jun26su-exe', directory: outside }],
      ['exportReport', { format: 'json', redact: false, directory: outside }],
      ['exportCollector', { directory: outside }],
      ['discoverServers', { jobId: 'l1', method: 'lab', labDirectory: dir }],
      ['scanServers', { jobId: 'l2', servers: [{ name: 'EX1', fqdn: null, versionHint: null, roles: [], site: null, source: 'lab', notes: [] }], organisationHasEsu: false, labDirectory: dir }],
    ];
    for (const [method, payload] of cases) expect((await refusal(method, payload)).code, method).toBe('access-denied');
  });

  it.each(['\\\\attacker.example\\share\\report.json', '//attacker.example/share/report.json', '\\\\?\\C:\\Windows\\win.ini', '\\\\.\\pipe\\x'])(
    'refuses the UNC or device path %s before touching it',
    async unc => {
      const error = await refusal('openReport', { path: unc });
      expect(error.code).toBe('access-denied');
      expect(error.message).toMatch(/UNC/);
    },
  );

  it('never echoes file content in an error, even for a file it may open', async () => {
    const inside = path.join(home, 'passwd.json');
    writeFileSync(inside, SECRET);
    const error = await refusal('openReport', { path: inside });
    expect(error.code).toBe('invalid-input');
  });

  it('does not follow a symbolic link from the data folder to elsewhere', async () => {
    const link = path.join(home, 'link.json');
    symlinkSync(secret, link);
    expect((await refusal('openReport', { path: link })).code).toBe('access-denied');
  });

  it('accepts a file the admin chose in a file dialog', async () => {
    const exported = await engine.dispatch('exportReport', { format: 'json', redact: false });
    // No scan yet: the export itself fails, so make a report-shaped file in a chosen place instead.
    expect(exported.ok).toBe(false);
    const chosen = path.join(dir, 'chosen.json');
    writeFileSync(chosen, '{"kind":"something-else"}');
    expect((await refusal('openReport', { path: chosen })).code).toBe('access-denied');
    engine.context.paths.grant(chosen);
    const error = await refusal('openReport', { path: chosen });
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('not a report saved by the Exchange Remediation Wizard');
  });

  it("grants what the main process's dialog returned, and has no dialog in browser mode", async () => {
    expect((await refusal('choosePath', { kind: 'file', title: 'Open a report' })).code).toBe('unsupported');
    const picked = path.join(dir, 'picked.json');
    writeFileSync(picked, '{"kind":"something-else"}');
    const withDialog = createEngine({ mode: 'electron', version: 't', dataDirectory: home, ports: { openExternal: async () => undefined, choosePath: async () => picked } });
    try {
      expect((await withDialog.dispatch('openReport', { path: picked })).ok).toBe(false);
      expect(await withDialog.dispatch('choosePath', { kind: 'file', title: 'Open a report', extensions: ['json'] })).toEqual({ ok: true, value: { path: picked } });
      const opened = await withDialog.dispatch('openReport', { path: picked });
      expect(opened).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    } finally {
      await withDialog.dispose();
    }
  });
});
