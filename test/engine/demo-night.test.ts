import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src-shared/assessment/scan-report';
import type { ChecklistSection } from '../../src-shared/wizard/checklist-item';
import { sessionRunbook } from '../../src-shared/wizard/session-runbook';
import type { WizardSession } from '../../src-shared/wizard/session';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { requirePwsh } from '../helpers/pwsh';
import { seedDemoLab } from '../helpers/demo-scan';

/**
 * The demo plays the upgrade night through the engine, as the Upgrade step drives it: the admin
 * ticks what they ran, the wizard checks what it can read, and EX03's first Setup fails the way
 * a real one does before the same Setup, run again, succeeds.
 */
describe('the demo upgrade night', { timeout: 300_000 }, () => {
  let engine: Engine;
  let home: string;

  async function call<T>(method: Parameters<Engine['dispatch']>[0], payload: unknown): Promise<T> {
    const result = await engine.dispatch(method, payload);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  }

  async function ex03(): Promise<ChecklistSection> {
    const session = await engine.context.sessions.load();
    const section = sessionRunbook(session.scan as ScanReport, session.downloads, session.staging).find(s => s.server === 'EX03');
    if (!section) throw new Error('EX03 has no runbook section');
    return section;
  }

  function itemOf(section: ChecklistSection, predicate: (id: string) => boolean): string {
    const item = section.items.find(i => predicate(i.id));
    if (!item) throw new Error(`no such item in ${section.items.map(i => i.id).join(', ')}`);
    return item.id;
  }

  const check = (item: string) => call<{ outcome: { status: string; evidence: string }; session: WizardSession }>('runAutoCheck', { jobId: `check-${item}`, checklistKey: 'EX03', item });
  const tick = (item: string, done = true) => call<{ session: WizardSession }>('updateSession', { checklist: { server: 'EX03', item, done } });

  beforeAll(async () => {
    requirePwsh();
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-demo-night-'));
    seedDemoLab(home);
    engine = createEngine({ mode: 'cli', version: 'test', dataDirectory: home, ports: { openExternal: async () => undefined }, concurrency: 2 });
    await call('updateSession', { organisation: { mode: 'demo', hasEsu: false, serverNames: [] } });
    const { servers } = await call<{ servers: unknown[] }>('discoverServers', { jobId: 'discover', method: 'demo' });
    await call('scanServers', { jobId: 'scan', servers, organisationHasEsu: false });
  }, 300_000);
  afterAll(async () => {
    await engine?.dispose();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('a check of an item not done yet fails with what it read, and ticks nothing', async () => {
    const section = await ex03();
    const confirm = itemOf(section, id => id.startsWith('confirm-'));
    const { outcome, session } = await check(confirm);
    expect(outcome.status).toBe('failed');
    expect(outcome.evidence).toMatch(/^ExSetup\.exe reports 15\.2\.1544\.33, not yet 15\.2\.2562\.\d+\.$/);
    expect(session.checklist.EX03?.[confirm]).toBeUndefined();
    expect(session.audit.at(-1)).toMatchObject({ action: 'auto-check', outcome: 'failed' });
  });

  it('the restart before Setup: the wizard proves it, with its evidence and time', async () => {
    const { outcome, session } = await check('reboot-before');
    expect(outcome).toMatchObject({ status: 'passed' });
    const tick = session.checklist.EX03?.['reboot-before'];
    expect(tick?.done).toBe(true);
    expect(tick?.proof?.evidence).toMatch(/No restart pending/);
    expect(Date.parse(tick?.proof?.checkedAt ?? '')).not.toBeNaN();
  });

  it('the pre-flight blocker (Group Policy sets the execution policy): fixed, then proven by the wizard', async () => {
    const section = await ex03();
    const fix = itemOf(section, id => id === 'fix-preflight-execution-policy');
    const setup = section.items.find(i => /^(install|upgrade)-/.test(i.id));
    expect(setup?.heldBy).toContain(fix);
    const { outcome, session } = await check(fix);
    expect(outcome.status).toBe('passed');
    expect(outcome.evidence).toMatch(/passed/);
    expect(session.checklist.EX03?.[fix]?.proof?.evidence).toBe(outcome.evidence);
  });

  it('the first Setup fails: the build stays, services are left Disabled; the same Setup again succeeds, and after its restart the build is reached', async () => {
    const section = await ex03();
    const setup = itemOf(section, id => /^(install|upgrade)-/.test(id));
    const confirm = itemOf(section, id => id.startsWith('confirm-'));
    await tick(setup);
    const failed = await check(confirm);
    expect(failed.outcome.status).toBe('failed');
    expect(failed.outcome.evidence).toContain('15.2.1544.33');
    const services = await check('verify-services').catch(() => null);
    if (services) {
      expect(services.outcome.status).toBe('failed');
      expect(services.outcome.evidence).toMatch(/MSExchangeTransport \(Stopped, Disabled\)/);
    }
    // The restart after the failed run changes nothing of that: the log still says why.
    const restartAfter = section.items.find(i => i.id.startsWith('reboot-after-'));
    expect((await check(restartAfter!.id)).outcome.status).toBe('passed');
    // The server's own ExchangeSetup.log says why, with the line that shows it.
    const log = await call<{ analysis: { outcome: string; causes: { id: string; evidence: { line: number; text: string }[] }[] } }>('readServerSetupLog', { serverName: 'EX03', mode: 'analyse' });
    expect(log.analysis.outcome).toBe('failed');
    expect(log.analysis.causes[0]?.id).toBe('disabled-service');
    expect(log.analysis.causes[0]?.evidence[0]?.text).toContain('Cannot start service MSExchangeTransport');
    // Run again: untick (it did not finish) and tick once more.
    await tick(setup, false);
    await tick(setup);
    const restart = section.items.find(i => i.id.startsWith('reboot-after-'));
    const pending = await check(restart!.id);
    // The check plays the restart the admin ran, so it passes: the restart clears what Setup left.
    expect(pending.outcome.status).toBe('passed');
    const reached = await check(confirm);
    expect(reached.outcome.status).toBe('passed');
    expect(reached.outcome.evidence).toMatch(/^ExSetup\.exe reports 15\.2\.2562\.\d+/);
    expect(reached.session.checklist.EX03?.[confirm]?.proof?.evidence).toBe(reached.outcome.evidence);
  });

  it('a hand tick is the admin’s word: no proof', async () => {
    const { session } = await tick('backup');
    expect(session.checklist.EX03?.backup).toMatchObject({ done: true, proof: null });
  });

  it('an item without a check is refused with what to do instead', async () => {
    const result = await engine.dispatch('runAutoCheck', { jobId: 'no-check', checklistKey: 'EX03', item: 'backup' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!result.ok) expect(result.error.fix).toMatch(/by hand/);
  });
});
