import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVOKE_METHODS } from '../../src-shared/ipc/channels';
import { invokeContract } from '../../src-shared/ipc/contract';
import { createEngine, type Engine } from '../../electron/engine/engine';

describe('engine dispatch', () => {
  let dir: string;
  let engine: Engine;
  const opened: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'exwiz-dispatch-'));
    engine = createEngine({ mode: 'cli', version: '9.9.9', dataDirectory: dir, ports: { openExternal: async url => void opened.push(url) } });
  });
  afterEach(async () => {
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a handler and a schema for every channel, and nothing else', () => {
    expect(Object.keys(engine.handlers).sort()).toEqual([...INVOKE_METHODS].sort());
    expect(Object.keys(invokeContract).sort()).toEqual([...INVOKE_METHODS].sort());
  });

  it('validates every payload before a handler sees it', async () => {
    const cases: Array<[string, unknown]> = [
      ['getAppInfo', { extra: true }],
      ['cancelJob', {}],
      ['cancelJob', { jobId: '../../etc' }],
      ['updateSession', { currentStep: 'nowhere' }],
      ['validateHostNames', { names: 'not-a-list' }],
      ['resolveHostNames', { names: ['a'], extra: 1 }],
      ['downloadUpdate', { jobId: 'a' }],
      ['stageUpdate', { jobId: 'a', file: 'f' }],
      ['exportReport', { format: 'docx', redact: false }],
    ];
    for (const [method, payload] of cases) {
      const result = await engine.dispatch(method, payload);
      expect(result.ok, `${method} ${JSON.stringify(payload)}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-input');
    }
  });

  it('says which typed names DNS does not know, apart from names it could not ask about', async () => {
    const result = await engine.dispatch('resolveHostNames', { names: ['localhost', 'no-such-server.invalid', '10.0.0.5', 'bad name!'] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const byName = Object.fromEntries((result.value as any).results.map((r: any) => [r.name, r]));
    expect(byName['localhost'].found).toBe(true);
    // .invalid never resolves (RFC 6761); an offline resolver may say so or not answer at all.
    expect([false, null]).toContain(byName['no-such-server.invalid'].found);
    expect(byName['10.0.0.5']).toMatchObject({ found: true, address: '10.0.0.5' });
    expect(byName['bad name!']).toMatchObject({ found: false, error: 'A server name cannot contain spaces.' });
  });

  it('opens only allow-listed documentation links', async () => {
    const refused = await engine.dispatch('openExternal', { url: 'https://evil.example/x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'host-not-allowed' } });
    const allowed = await engine.dispatch('openExternal', { url: 'https://learn.microsoft.com/exchange' });
    expect(allowed).toEqual({ ok: true, value: { opened: true } });
    expect(opened).toEqual(['https://learn.microsoft.com/exchange']);
  });

  it('reports app info', async () => {
    const result = await engine.dispatch('getAppInfo', {});
    expect(result).toMatchObject({ ok: true, value: { version: '9.9.9', mode: 'browser', dataDirectory: dir } });
  });

  it('keeps the session across engine restarts', async () => {
    await engine.dispatch('updateSession', { currentStep: 'discover', organisation: { mode: 'servers', hasEsu: true, serverNames: ['ex1'] } });
    await engine.dispatch('updateSession', { checklist: { server: 'ex1', item: 'backup', done: true } });
    await engine.dispose();
    engine = createEngine({ mode: 'cli', version: '1', dataDirectory: dir, ports: { openExternal: async () => undefined } });
    const loaded = await engine.dispatch('loadSession', {});
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const session = (loaded.value as any).session;
    expect(session.currentStep).toBe('discover');
    expect(session.organisation).toEqual({ mode: 'servers', hasEsu: true, serverNames: ['ex1'] });
    expect(session.checklist.ex1.backup.done).toBe(true);
    const reset = await engine.dispatch('resetSession', {});
    expect((reset as any).value.session.currentStep).toBe('welcome');
    // Start over archives the old session instead of deleting it.
    const archived = JSON.parse(readFileSync((reset as any).value.archivedAs, 'utf8'));
    expect(archived.checklist.ex1.backup.done).toBe(true);
    expect(path.dirname((reset as any).value.archivedAs)).toBe(path.join(dir, 'archive'));
  });

  it('sets an unreadable session aside instead of failing', async () => {
    const { writeFileSync, readdirSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'session.json'), '{ broken');
    const fresh = createEngine({ mode: 'cli', version: '1', dataDirectory: dir, ports: { openExternal: async () => undefined } });
    const loaded = await fresh.dispatch('loadSession', {});
    expect(loaded.ok).toBe(true);
    expect(readdirSync(dir).some(f => f.startsWith('session.corrupt-'))).toBe(true);
    expect((loaded as any).value.session.audit[0].outcome).toBe('failed');
  });

  it('cancels a running job by id', async () => {
    const events: string[] = [];
    engine.context.events.subscribe((_e, p) => events.push(p.phase));
    const running = engine.context.jobs.run('job-1', 'scan', job => new Promise((_, reject) => job.signal.addEventListener('abort', () => reject(new Error('aborted')))));
    expect(await engine.dispatch('cancelJob', { jobId: 'job-1' })).toEqual({ ok: true, value: { cancelled: true } });
    await expect(running).rejects.toThrow();
    expect(events).toEqual(['started', 'cancelled']);
    expect(await engine.dispatch('cancelJob', { jobId: 'job-1' })).toEqual({ ok: true, value: { cancelled: false } });
  });
});
