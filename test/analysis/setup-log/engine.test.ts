import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../electron/engine/engine';
import { withEarlierRun } from './log-builder';

describe("the engine's Setup log channels", () => {
  let home: string;
  let engine: Engine;
  beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-setup-log-engine-'));
    engine = createEngine({ mode: 'browser', version: 't', dataDirectory: home, ports: { openExternal: async () => undefined } });
  });
  afterAll(async () => {
    await engine.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('analyseSetupLogFile diagnoses a log in the data folder and records it in the audit trail', async () => {
    const log = withEarlierRun(l => l.readiness({ 'Rule:PendingRebootWindowsComponents': 'True' }).notCompleted());
    const file = path.join(home, 'ExchangeSetup.log');
    writeFileSync(file, log.bytes('utf16le'));
    const result = await engine.dispatch('analyseSetupLogFile', { path: file });
    expect(result).toMatchObject({ ok: true, value: { path: file, analysis: { outcome: 'failed', causes: [{ id: 'pending-restart' }] } } });
    const session = await engine.context.sessions.load();
    expect(session.audit.at(-1)).toMatchObject({
      action: 'setup-log',
      detail: expect.stringMatching(/^Setup failed: A restart \(reboot\) of the server is pending \(read from ExchangeSetup\.log\)\.$/),
    });
  });

  it('a path the admin did not choose is refused; a file without a Setup run says so', async () => {
    expect(await engine.dispatch('analyseSetupLogFile', { path: path.join(tmpdir(), 'ExchangeSetup.log') })).toMatchObject({ ok: false, error: { code: 'access-denied' } });
    const other = path.join(home, 'notes.txt');
    writeFileSync(other, 'not a log\r\n');
    expect(await engine.dispatch('analyseSetupLogFile', { path: other })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/no Exchange Setup run/) } });
  });

  it('readServerSetupLog needs a scanned server and a known mode', async () => {
    expect(await engine.dispatch('readServerSetupLog', { serverName: 'EX01', mode: 'analyse' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await engine.dispatch('readServerSetupLog', { serverName: 'EX01', mode: 'everything' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
