import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../helpers/cli';
import { demoScan } from '../helpers/demo-scan';
import { main } from '../../electron/cli/main';
import { newSession, SessionStore } from '../../electron/engine/session-store';
import { assessScan, probedPart } from '../../src-shared/assessment/assess';
import { ScanReport } from '../../src-shared/assessment/scan-report';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { organisationChecklistForScan } from '../../src-shared/wizard/organisation-checklist';
import { compareWithPowerShellParser } from './powershell-parser';

/**
 * A scan or session file is data anyone can edit: its plan's `commands` must never reach the
 * runbook the admin pastes into an elevated shell (the AD lines run as Schema and Enterprise
 * Admin). The tampered file's runbook must be exactly the clean one's, command by command, and
 * PowerShell's parser must read each the same way.
 */
const PAYLOAD = '; New-Item -Path C:\\pwned';

/** The same document with the payload appended to every string of every `commands` array, wherever it is. */
function tampered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tampered);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === 'commands' && Array.isArray(v) ? v.map(c => (typeof c === 'string' ? `${c}${PAYLOAD}` : c)) : tampered(v)]));
}

/** How many strings the payload was planted in. */
function plantedCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + plantedCount(v), 0);
  if (typeof value !== 'object' || value === null) return 0;
  return Object.entries(value).reduce<number>((n, [key, v]) => n + (key === 'commands' && Array.isArray(v) ? v.filter(c => typeof c === 'string' && c.endsWith(PAYLOAD)).length : plantedCount(v)), 0);
}

interface JsonRunbook {
  sections: { items: { commands: string[] }[] }[];
}

let dir: string;
let io: CapturedOutput;
let scan: ScanReport;

beforeAll(() => {
  const run = demoScan();
  expect(run.code, run.err).toBe(0);
  const demo = ScanReport.parse(JSON.parse(run.report as string));
  // Without its Exchange SE servers and the AD levels read, the plan prepares AD: the commands that run with Schema and Enterprise Admins rights.
  const servers = demo.servers.filter(s => s.product !== 'Exchange SE').map(probedPart);
  scan = assessScan(servers, { source: demo.source, organisationHasEsu: demo.organisationHasEsu, catalog: builtInCatalog(), now: new Date(demo.generatedAt), adLevels: null });
  expect(scan.plan?.adPreparation.commands.length).toBeGreaterThan(0);
});
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'exwiz-runbook-file-'));
  vi.stubEnv('EXWIZ_HOME', path.join(dir, 'home'));
  io = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

async function checklist(file: string, json: boolean): Promise<string> {
  io.out = '';
  io.err = '';
  const code = await main(['checklist', '--from', file, ...(json ? ['--json'] : [])]);
  expect(code, io.err).toBe(0);
  return io.out;
}

/**
 * The command blocks of a printed runbook, one per item (a server's block opens its guard's brace
 * on its first line and closes it on its last, so a block parses only whole): the runs of "> "
 * lines of the text, or every item's commands of the JSON.
 */
function commandsOf(out: string, json: boolean): string[] {
  if (json) return (JSON.parse(out) as JsonRunbook).sections.flatMap(s => s.items.flatMap(i => (i.commands.length > 0 ? [i.commands.join('\n')] : [])));
  const blocks: string[][] = [];
  let inBlock = false;
  for (const line of out.split('\n')) {
    const command = line.startsWith('       > ');
    if (command && !inBlock) blocks.push([]);
    if (command) blocks[blocks.length - 1]?.push(line.slice('       > '.length));
    inBlock = command;
  }
  return blocks.map(b => b.join('\n'));
}

/** Asserts the tampered command blocks are the clean ones and that PowerShell parses each to the same tree. */
function expectSameCommands(clean: string[], hostile: string[]): void {
  expect(clean.length).toBeGreaterThan(0);
  expect(
    clean.some(c => /\/PrepareAD$/m.test(c)),
    'the runbook prepares AD',
  ).toBe(true);
  expect(
    clean.some(c => c.includes('Setup.exe')),
    'the runbook runs Setup',
  ).toBe(true);
  expect(hostile).toEqual(clean);
  const failures = compareWithPowerShellParser({
    sentinel: 'no-sentinel-in-these-commands',
    benign: clean,
    cases: hostile.map((h, index) => ({ id: `command ${index}`, index, hostile: h, value: '' })),
  });
  expect(failures).toEqual([]);
}

describe.each([
  ['scan', (document: unknown) => document],
  ['session', (document: unknown) => ({ ...newSession(), currentStep: 'upgrade', scan: document })],
] as const)('exwiz checklist --from a tampered %s file', (kind, wrap) => {
  it('prints exactly the commands of the clean file (text and --json), parsed by PowerShell', async () => {
    const bad = tampered(scan);
    // Every plan step, the AD preparation and the migrations carry commands in the file.
    expect(plantedCount(bad)).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(bad)).toContain('"adPreparation":{');
    writeFileSync(path.join(dir, `clean-${kind}.json`), JSON.stringify(wrap(scan)));
    writeFileSync(path.join(dir, `tampered-${kind}.json`), JSON.stringify(wrap(bad)));
    const commands = { clean: [] as string[], hostile: [] as string[] };
    for (const json of [false, true]) {
      const clean = await checklist(path.join(dir, `clean-${kind}.json`), json);
      const hostile = await checklist(path.join(dir, `tampered-${kind}.json`), json);
      expect(hostile).not.toContain('pwned');
      commands.clean.push(...commandsOf(clean, json));
      commands.hostile.push(...commandsOf(hostile, json));
      expect(hostile).toBe(clean);
    }
    expectSameCommands(commands.clean, commands.hostile);
  });
});

describe('the Upgrade step from a tampered session.json in the data folder', () => {
  it('shows exactly the commands of the clean session', async () => {
    const load = async (document: unknown) => {
      const home = mkdtempSync(path.join(dir, 'home-'));
      mkdirSync(home, { recursive: true });
      writeFileSync(path.join(home, 'session.json'), JSON.stringify({ ...newSession(), currentStep: 'upgrade', scan: document }));
      const store = new SessionStore(home, { catalog: () => Promise.resolve(builtInCatalog()) });
      try {
        const session = await store.load();
        expect(JSON.stringify(session).includes('pwned'), 'the loaded session holds the payload').toBe(false);
        return organisationChecklistForScan(session.scan as ScanReport, { catalog: builtInCatalog() }).flatMap(s => s.items.flatMap(i => (i.commands.length > 0 ? [i.commands.join('\n')] : [])));
      } finally {
        store.close();
      }
    };
    expectSameCommands(await load(scan), await load(tampered(scan)));
  });
});
