import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeCrashLeftovers } from '../../electron/engine/data-folder';
import { createEngine } from '../../electron/engine/engine';

/** The temporary files of writeFileAtomic that a crash or power cut left in the data folder. */
describe('crash leftovers at start', () => {
  let home: string;
  let deadPid: number;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-leftovers-'));
    // A process that has ended: its temporary files belong to nobody.
    deadPid = spawnSync(process.execPath, ['-e', '0']).pid as number;
    mkdirSync(path.join(home, 'catalogs'));
    mkdirSync(path.join(home, 'captures', 'EX01'), { recursive: true });
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const leftovers = () => [path.join(home, `session.json.${deadPid}-3.tmp`), path.join(home, 'catalogs', `catalog.json.${deadPid}-1.tmp`), path.join(home, `.write-check-${deadPid}.tmp`)];
  const kept = () => [
    // A live process's file being written (this one's), a name the wizard never writes, a real file.
    path.join(home, `session.json.${process.pid}-7.tmp`),
    path.join(home, 'captures', 'EX01', 'notes.tmp'),
    path.join(home, 'session.json'),
  ];

  it("removes only the wizard's own temporary files of ended processes", async () => {
    for (const file of [...leftovers(), ...kept()]) writeFileSync(file, '{"half":');
    expect(await removeCrashLeftovers(home)).toBe(3);
    for (const file of leftovers()) expect(existsSync(file), file).toBe(false);
    for (const file of kept()) expect(existsSync(file), file).toBe(true);
  });

  it('runs when the engine starts', async () => {
    for (const file of leftovers()) writeFileSync(file, '{"half":');
    const engine = createEngine({ mode: 'browser', version: 'test', dataDirectory: home, ports: { openExternal: async () => undefined } });
    try {
      await vi.waitFor(() => {
        for (const file of leftovers()) expect(existsSync(file), file).toBe(false);
      });
    } finally {
      await engine.dispose();
    }
  });
});
