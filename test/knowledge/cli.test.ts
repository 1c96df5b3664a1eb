import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../helpers/cli';
import { main } from '../../electron/cli/main';
import { builtInCatalog } from '../../src-shared/knowledge/index';

let home: string;
let io: CapturedOutput;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'exwiz-cli-'));
  vi.stubEnv('EXWIZ_HOME', home);
  io = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(home, { recursive: true, force: true });
});

describe('exwiz build', () => {
  it('--json prints one object per input, in input order; a bad input gets an error object and exit 1', async () => {
    const code = await main(['build', '--json', '15.02.0986.005', 'nonsense', 'Version 15.2 (Build 1748.10)', '15.2.2562.57']);
    expect(code).toBe(1);
    const results = JSON.parse(io.out) as Record<string, unknown>[];
    expect(results.map(r => r.input)).toEqual(['15.02.0986.005', 'nonsense', 'Version 15.2 (Build 1748.10)', '15.2.2562.57']);
    expect(results[0]).toMatchObject({ build: '15.2.986.5', product: 'Exchange 2019', cu: 'CU11', update: null, releaseDate: '2021-09-28', known: true, eemsAvailable: true });
    expect((results[0]?.certificateRules as { id: string; satisfied: boolean }[]).map(r => r.satisfied)).toEqual([false, false]);
    expect(results[1]).toMatchObject({ input: 'nonsense', error: { code: 'invalid-input' } });
    expect(results[3]).toMatchObject({ product: 'Exchange SE', cu: 'RTM', update: 'Nov26SU' });
  });

  it('exits 0 when every input classifies, and prints text without --json', async () => {
    expect(await main(['build', '15.2.986.42'])).toBe(0);
    expect(io.out).toMatch(/Exchange 2019 CU11 Mar23SU, released 2023-03-14/);
    expect(io.out).toMatch(/borderline/);
  });
});

describe('exwiz plan', () => {
  it('plans a 2019 CU14 server as JSON', async () => {
    expect(await main(['plan', '--build', '15.2.1544.36', '--os', '2022', '--json'])).toBe(0);
    const plan = JSON.parse(io.out);
    expect(plan.target.build).toBe('15.2.2562.57');
    expect(plan.steps.map((s: { kind: string }) => s.kind)).toEqual(['prepare-ad', 'in-place-upgrade', 'install-su']);
    expect(plan.steps[1].prerequisites.find((p: { id: string }) => p.id === 'os').met).toBe(true);
  });

  it('--esu plans the ESU update; an unknown --os is a usage error', async () => {
    expect(await main(['plan', '--build', '15.1.2507.61', '--esu'])).toBe(0);
    expect(io.out).toMatch(/Oct26SU \(15\.1\.2507\.77\) \[ESU only\]/);
    io.out = '';
    expect(await main(['plan', '--build', '15.1.2507.61', '--os', '2030'])).toBe(2);
    expect(io.err).toMatch(/not a Windows Server version/);
  });
});

describe('exwiz catalog', () => {
  it('shows the active catalog and imports a newer one; refuses an older one', async () => {
    expect(await main(['catalog', 'show', '--json'])).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ asOf: '2026-11-24', source: 'built-in' });
    // Unsigned: the app's key cannot be used in tests, so this also shows --allow-unsigned.
    const newerAsOf = new Date(Date.parse(`${builtInCatalog().asOf}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const newer = path.join(home, 'newer.json');
    writeFileSync(newer, JSON.stringify({ ...builtInCatalog(), asOf: newerAsOf }));
    io.out = '';
    expect(await main(['catalog', 'import', newer])).not.toBe(0);
    expect(io.err).toMatch(/not a signed catalog/);
    expect(await main(['catalog', 'import', newer, '--allow-unsigned'])).toBe(0);
    expect(io.out).toMatch(new RegExp(`Imported the UNSIGNED catalog as of ${newerAsOf}`));
    expect(io.err).toMatch(/WARNING: .* is NOT SIGNED/);
    expect(JSON.parse(readFileSync(path.join(home, 'session.json'), 'utf8')).audit.at(-1).detail).toMatch(/UNSIGNED catalog/);
    io.out = '';
    expect(await main(['catalog', 'show'])).toBe(0);
    expect(io.out).toMatch(new RegExp(`as of ${newerAsOf} \\(imported, NOT SIGNED`));
    const older = path.join(home, 'older.json');
    writeFileSync(older, JSON.stringify(builtInCatalog()));
    expect(await main(['catalog', 'import', older, '--allow-unsigned'])).toBe(2);
    expect(io.err).toMatch(/older than the active catalog/);
  });
});
