import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine';
import type { EnginePorts } from '../../electron/engine/context';
import { sampleSession } from './fixtures';

/** "Open" and "Show in folder" for an exported report: only files this engine itself wrote. */
describe('revealReport (engine)', () => {
  let home: string;
  const revealed: Array<[string, string]> = [];

  function engineWith(ports: Partial<EnginePorts>): Engine {
    return createEngine({ mode: 'electron', version: '9.9.9', dataDirectory: home, ports: { openExternal: async () => undefined, ...ports } });
  }

  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-report-reveal-'));
    writeFileSync(path.join(home, 'session.json'), JSON.stringify(sampleSession()));
    revealed.length = 0;
  });
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.dispose();
    engine = null;
    rmSync(home, { recursive: true, force: true });
  });

  it('opens or shows a report the wizard just exported, through the host port', async () => {
    engine = engineWith({ revealPath: async (file, action) => void revealed.push([file, action]) });
    const saved = await engine.dispatch('exportReport', { format: 'json', redact: false });
    if (!saved.ok) throw new Error(saved.error.message);
    const file = (saved.value as { path: string }).path;
    expect(await engine.dispatch('revealReport', { path: file, action: 'open' })).toEqual({ ok: true, value: { done: true } });
    expect(await engine.dispatch('revealReport', { path: file, action: 'show-in-folder' })).toEqual({ ok: true, value: { done: true } });
    expect(revealed).toEqual([
      [path.resolve(file), 'open'],
      [path.resolve(file), 'show-in-folder'],
    ]);
  });

  it('refuses any file the wizard did not write in this run, even in its own data folder', async () => {
    engine = engineWith({ revealPath: async (file, action) => void revealed.push([file, action]) });
    const session = path.join(home, 'session.json');
    const refused = await engine.dispatch('revealReport', { path: session, action: 'open' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const planted = path.join(home, 'exports', 'exchange-report-planted.html');
    expect(await engine.dispatch('revealReport', { path: planted, action: 'open' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await engine.dispatch('revealReport', { path: 'relative.html', action: 'open' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(revealed).toEqual([]);
  });

  it('says plainly that browser mode cannot open files, and where the file is', async () => {
    engine = engineWith({});
    const saved = await engine.dispatch('exportReport', { format: 'csv', redact: false });
    if (!saved.ok) throw new Error(saved.error.message);
    const file = (saved.value as { path: string }).path;
    const result = await engine.dispatch('revealReport', { path: file, action: 'open' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    if (!result.ok) expect(result.error.fix).toContain(file);
  });
});
