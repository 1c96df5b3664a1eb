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

describe('exwiz plan: migrations, Extended Protection and ESU (issue 12)', () => {
  it('2013 CU23 routes through Exchange 2019 CU14 before SE', async () => {
    expect(await main(['plan', '--build', '15.0.1497.48', '--json'])).toBe(0);
    const plan = JSON.parse(io.out);
    expect(plan.migration).toMatchObject({ newServerProduct: 'Exchange 2019', newServerCu: 'CU14', toProduct: 'Exchange SE' });
    expect(plan.migration.afterRemovalSteps.map((s: { kind: string }) => s.kind)).toContain('in-place-upgrade');
  });

  it('2016 includes AD preparation with the SE media', async () => {
    expect(await main(['plan', '--build', '15.1.2507.61'])).toBe(0);
    expect(io.out).toMatch(/Extend the Active Directory schema for Exchange SE/);
    expect(io.out).toMatch(/run: Setup\.exe \/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF \/PrepareSchema/);
    expect(io.out).toMatch(/EEMS on this server stays cut off until the migration is done/);
  });

  it('2019 CU11–CU13 warns about Extended Protection with /DoNotEnableEP', async () => {
    expect(await main(['plan', '--build', '15.2.1118.40'])).toBe(0);
    expect(io.out).toMatch(/turns on Extended Protection/);
    expect(io.out).toMatch(/\/DoNotEnableEP /);
  });

  it('2019 with --esu targets SE now that ESU has ended', async () => {
    expect(await main(['plan', '--build', '15.2.1748.39', '--esu', '--json'])).toBe(0);
    expect(JSON.parse(io.out).target.product).toBe('Exchange SE');
  });
});

describe('exwiz checklist', () => {
  /** A scan of a 2016 and a 2019 server, as the wizard assessed it (the checklist draws the plan again from the facts). */
  async function scanFile(): Promise<string> {
    const { assessScan, probedPart } = await import('../../src-shared/assessment/assess');
    const { sampleScan } = await import('../report/fixtures');
    const sample = sampleScan();
    const named = (server: string, name: string) => ({ ...probedPart(sample.servers.find(s => s.name === server) as (typeof sample.servers)[number]), name, fqdn: null });
    const scan = assessScan([named('LEGACY16', 'EX2016'), named('EX01', 'EX2019')], { source: sample.source, organisationHasEsu: false, catalog: builtInCatalog(), now: new Date(sample.generatedAt) });
    const file = path.join(home, 'scan.json');
    writeFileSync(file, JSON.stringify(scan));
    return file;
  }

  it('--json: sections in order, each item with id, kind, title, commands and what confirms it; a reboot between any two Setup/SU runs', async () => {
    const file = await scanFile();
    const code = await main(['checklist', '--from', file, '--json']);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(io.out) as {
      sections: { id: string; kind: string; items: { id: string; kind: string; title: string; commands: string[]; confirms: string; effect?: { type: string; server?: string } }[] }[];
    };
    expect(out.sections.map(s => s.id)).toEqual(['ad-preparation', 'server-EX2016', 'server-EX2019', 'migrate-exchange-2016']);
    for (const item of out.sections.flatMap(s => s.items)) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.confirms).toBe('string');
      expect(Array.isArray(item.commands)).toBe(true);
    }
    const last = new Map<string, string>();
    for (const item of out.sections.flatMap(s => s.items)) {
      const e = item.effect;
      if (!e?.server) continue;
      if (e.type === 'setup' || e.type === 'su') {
        expect(last.get(e.server), item.id).not.toBe('run');
        last.set(e.server, 'run');
      } else if (e.type === 'reboot') last.set(e.server, 'reboot');
    }
  });

  it('--server narrows to the server, its migration and AD preparation; an unknown server is a usage error', async () => {
    const file = await scanFile();
    expect(await main(['checklist', '--from', file, '--server', 'EX2016'])).toBe(0);
    expect(io.out).toMatch(/1\. Prepare Active Directory/);
    expect(io.out).toMatch(/EX2016: patch to stay as safe as possible until it is replaced/);
    expect(io.out).toMatch(/Replace Exchange 2016 with Exchange SE/);
    expect(io.out).not.toMatch(/EX2019: update/);
    io.out = '';
    expect(await main(['checklist', '--from', file, '--server', 'NOPE'])).toBe(2);
    expect(io.err).toMatch(/No server "NOPE"/);
  });

  it("--keep-ep-off plans the server's Setups with /DoNotEnableEP (the scan re-planned from its facts); an unknown name is a usage error", async () => {
    const file = await scanFile();
    expect(await main(['checklist', '--from', file, '--json'])).toBe(0);
    const setupLines = (text: string) =>
      (JSON.parse(text) as { sections: { items: { commands: string[] }[] }[] }).sections
        .flatMap(s => s.items)
        .flatMap(i => i.commands)
        .filter(c => c.includes('/Mode:Upgrade'));
    const before = setupLines(io.out);
    expect(before.length).toBeGreaterThan(0);
    expect(before.some(c => c.includes('/DoNotEnableEP'))).toBe(false);
    io.out = '';
    expect(await main(['checklist', '--from', file, '--keep-ep-off', 'ex2016,EX2019', '--json'])).toBe(0);
    expect(setupLines(io.out).some(c => c.includes('/DoNotEnableEP'))).toBe(true);
    io.out = '';
    expect(await main(['checklist', '--from', file, '--keep-ep-off', 'NOPE'])).toBe(2);
    expect(io.err).toMatch(/No server "NOPE"/);
  });
});

/** `exwiz scan --servers`: a typed list is checked whole before any PowerShell starts. */
describe('exwiz scan --servers', () => {
  it.each([
    ['ex01$(New-Item C:\\x),ex02', /"ex01\$\(new-item" is not a valid DNS label/],
    ['ex02;ex01$(whoami)', /"ex01\$\(whoami\)" is not a valid DNS label/],
    ["ex02,ex01'; calc", /quote characters/],
    ['ex02,ex\u202E10', /invisible or right-to-left/],
    ['ex02,ex\u000701', /control characters/],
    [' , ', /names no server/],
  ])('refuses %j whole, scanning nothing (exit 2)', async (servers, message) => {
    expect(await main(['scan', '--servers', servers, '--json'])).toBe(2);
    const output = JSON.parse(io.out);
    expect(output.error).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(message) });
    expect(output.servers).toBeUndefined();
    expect(io.err).not.toMatch(/Scanning|Looking for servers/);
  });
});
