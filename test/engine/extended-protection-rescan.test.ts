import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src-shared/assessment/scan-report';
import type { WizardSession } from '../../src-shared/wizard/session';
import { sessionRunbook } from '../../src-shared/wizard/session-runbook';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { requirePwsh } from '../helpers/pwsh';
import { seedDemoLab } from '../helpers/demo-scan';

/**
 * The admin's Extended Protection choice belongs to the session, not to one scan: after the
 * choice, a new scan of the organisation and a re-scan of the server (the real probes against the
 * demo lab, through the engine) still plan EX03's Setup with /DoNotEnableEP.
 */
describe('the Extended Protection choice across scans', { timeout: 300_000 }, () => {
  let engine: Engine;
  let home: string;
  let servers: unknown[];

  async function call<T>(method: Parameters<Engine['dispatch']>[0], payload: unknown): Promise<T> {
    const result = await engine.dispatch(method, payload);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  }

  /** EX03's Setup command lines in the session's runbook. */
  async function ex03Setup(): Promise<string[]> {
    const session = await engine.context.sessions.load();
    return sessionRunbook(session.scan as ScanReport, session.downloads, session.staging)
      .filter(s => s.server === 'EX03')
      .flatMap(s => s.items)
      .flatMap(i => i.commands)
      .filter(c => c.includes('Setup.exe" '));
  }

  beforeAll(async () => {
    requirePwsh();
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-ep-rescan-'));
    seedDemoLab(home);
    engine = createEngine({ mode: 'cli', version: 'test', dataDirectory: home, ports: { openExternal: async () => undefined }, concurrency: 2 });
    await call('updateSession', { organisation: { mode: 'demo', hasEsu: false, serverNames: [] } });
    ({ servers } = await call<{ servers: unknown[] }>('discoverServers', { jobId: 'discover', method: 'demo' }));
    await call('scanServers', { jobId: 'scan', servers, organisationHasEsu: false });
  }, 300_000);
  afterAll(async () => {
    await engine?.dispose();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('keeps planning EX03 with /DoNotEnableEP after a new scan and a re-scan', async () => {
    expect((await ex03Setup()).some(c => c.includes('/DoNotEnableEP'))).toBe(false);
    const { id } = await engine.context.sessions.load();
    await call<{ session: WizardSession }>('setExtendedProtectionChoice', { sessionId: id, serverName: 'EX03', choice: 'keep-off' });
    expect(await ex03Setup()).toEqual([expect.stringMatching(/\/Mode:Upgrade \/DoNotEnableEP$/)]);

    const { report } = await call<{ report: ScanReport }>('scanServers', { jobId: 'scan-again', servers, organisationHasEsu: false });
    expect(report.extendedProtectionChoices).toEqual({ EX03: 'keep-off' });
    expect(await ex03Setup()).toEqual([expect.stringMatching(/\/Mode:Upgrade \/DoNotEnableEP$/)]);

    await call('rescanServer', { jobId: 'rescan', serverName: 'EX03' });
    expect(await ex03Setup()).toEqual([expect.stringMatching(/\/Mode:Upgrade \/DoNotEnableEP$/)]);
  });
});
