import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/engine';
import { SessionStore } from '../../electron/engine/session-store';
import { acquireSessionLock } from '../../electron/engine/session-lock';

describe('session store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'exwiz-session-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const onDisk = () => JSON.parse(readFileSync(path.join(dir, 'session.json'), 'utf8'));

  it('keeps every one of 20 parallel checklist ticks', async () => {
    const engine = createEngine({ mode: 'browser', version: 't', dataDirectory: dir, ports: { openExternal: async () => undefined } });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => engine.dispatch('updateSession', { checklist: { server: 'EX1', item: `item-${i}`, done: true } })));
    expect(results.every(r => r.ok)).toBe(true);
    expect(Object.keys(onDisk().checklist.EX1)).toHaveLength(20);
    await engine.dispose();
  });

  it('opens read-only when another live instance holds the data folder, and refuses to write', async () => {
    // The parent process is alive and is not this one: it stands for the other instance.
    writeFileSync(path.join(dir, 'session.lock'), JSON.stringify({ pid: process.ppid, host: hostname(), since: new Date().toISOString() }));
    const engine = createEngine({ mode: 'browser', version: 't', dataDirectory: dir, ports: { openExternal: async () => undefined } });
    const info = await engine.dispatch('getAppInfo', {});
    expect(info).toMatchObject({ ok: true, value: { session: { readOnly: true } } });
    expect((await engine.dispatch('loadSession', {})).ok).toBe(true);
    const update = await engine.dispatch('updateSession', { currentStep: 'discover' });
    expect(update).toMatchObject({ ok: false, error: { code: 'access-denied' } });
    expect(existsSync(path.join(dir, 'session.json'))).toBe(false);
    await engine.dispose();
    // Its lock is not ours to remove.
    expect(existsSync(path.join(dir, 'session.lock'))).toBe(true);
  });

  it('takes over a lock whose process id now belongs to another process (reused after a reboot or a crash)', () => {
    const file = path.join(dir, 'session.lock');
    // A live process id (the parent), but the lock is older than this computer's boot.
    writeFileSync(file, JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-11-30T10:00:00Z' }));
    const afterBoot = { bootedAt: () => Date.parse('2026-12-01T07:00:00Z'), processStartedAt: () => null };
    const beforeBoot = acquireSessionLock(file, afterBoot);
    expect(beforeBoot.held).toBe(true);
    beforeBoot.release();
    // Same boot, but the process holding the id started after the lock was written: another program.
    writeFileSync(file, JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-12-02T10:00:00Z' }));
    const reused = acquireSessionLock(file, { bootedAt: () => Date.parse('2026-12-01T07:00:00Z'), processStartedAt: () => Date.parse('2026-12-03T08:00:00Z') });
    expect(reused.held).toBe(true);
    reused.release();
    // The owner itself (started before it wrote the lock) keeps it.
    writeFileSync(file, JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-12-02T10:00:00Z' }));
    const owner = acquireSessionLock(file, { bootedAt: () => Date.parse('2026-12-01T07:00:00Z'), processStartedAt: () => Date.parse('2026-12-02T09:59:58Z') });
    expect(owner.held).toBe(false);
    expect(owner.holder).toContain(`process ${process.ppid}`);
  });

  it.runIf(process.platform === 'linux')('reads when a live process started from /proc, so a lock older than it is stale', () => {
    const file = path.join(dir, 'session.lock');
    writeFileSync(file, JSON.stringify({ pid: process.ppid, host: hostname(), since: new Date(Date.now() - 1000).toISOString() }));
    // The parent started before this test wrote the lock: it stands for the live owner.
    expect(acquireSessionLock(file).held).toBe(false);
  });

  it('takes over a lock left by a process that is gone, and releases it on close', async () => {
    writeFileSync(path.join(dir, 'session.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: '2026-11-30T10:00:00Z' }));
    const store = new SessionStore(dir);
    await store.update(s => {
      s.currentStep = 'plan';
    });
    expect(onDisk().currentStep).toBe('plan');
    store.close();
    expect(existsSync(path.join(dir, 'session.lock'))).toBe(false);
  });

  it('keeps a damaged session.json as session.corrupt-<time>.json and tells the user', async () => {
    writeFileSync(path.join(dir, 'session.json'), '{"schemaVersion": 1, "id": ');
    const engine = createEngine({ mode: 'browser', version: 't', dataDirectory: dir, ports: { openExternal: async () => undefined } });
    const info = await engine.dispatch('getAppInfo', {});
    expect(info).toMatchObject({ ok: true, value: { session: { readOnly: false, notice: expect.stringContaining('session.corrupt-') } } });
    const kept = readdirSync(dir).filter(f => /^session\.corrupt-.*\.json$/.test(f));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe('{"schemaVersion": 1, "id": ');
    await engine.dispose();
  });

  it('reports a write that did not reach the disk as an error, not as saved', async () => {
    const store = new SessionStore(dir);
    await store.load();
    // A folder where the file should be: the rename onto it fails, whoever runs the test.
    rmSync(path.join(dir, 'session.json'));
    mkdirSync(path.join(dir, 'session.json'));
    await expect(store.update(s => void (s.currentStep = 'report'))).rejects.toMatchObject({ code: 'io' });
    // The session in memory is still the last one written.
    expect((await store.load()).currentStep).toBe('welcome');
    store.close();
  });
});
