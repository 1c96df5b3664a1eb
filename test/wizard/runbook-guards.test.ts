import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { main } from '../../electron/cli/main';
import type { ChecklistCliResult } from '../../electron/cli/commands/checklist';
import type { ChecklistItem } from '../../src-shared/wizard/checklist-item';
import { guarded, onServer, serverGuard } from '../../src-shared/wizard/runs-on';
import { captureOutput } from '../helpers/cli';
import { demoScan } from '../helpers/demo-scan';
import { runPwsh, sharedPwshHost } from '../helpers/pwsh';

const GUARD = /^if \(\$env:COMPUTERNAME -ne /;

/**
 * The demo organisation's runbook (--json or text), run in-process on a fresh data folder:
 * `exwiz checklist --from` the run's demo scan, which is `exwiz scan --demo`'s output
 * (test/helpers/demo-scan.global.ts), so the same runbook as `checklist --demo` without
 * scanning the demo twice more.
 */
async function checklist(json: boolean): Promise<string> {
  const home = mkdtempSync(path.join(tmpdir(), 'exwiz-runbook-'));
  vi.stubEnv('EXWIZ_HOME', home);
  const io = captureOutput();
  try {
    const code = await main(['checklist', '--from', demoScan().file, ...(json ? ['--json'] : [])]);
    expect(code, io.err).toBe(0);
    return io.out;
  } finally {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    rmSync(home, { recursive: true, force: true });
  }
}

/** One paste of a block into a console on a computer of this name. */
interface Paste {
  computer: string;
  script: string;
}

/**
 * Pastes each block into one PowerShell console, one after the other, with $env:COMPUTERNAME set
 * to its computer first, read from stdin a line at a time (as a right-click paste into a console
 * arrives); what each paste printed, and whether it printed any error. One console for all (an
 * admin pastes block after block into the same window): a guard's throw ends its block only.
 */
function pasteAll(pastes: Record<string, Paste>): Record<string, { out: string; errors: string }> {
  const ids = Object.keys(pastes);
  // A marker on both streams before each paste, so each paste's output and errors are its own.
  const marker = (i: number) => `EXWIZ-PASTE-${i}`;
  const text = ids
    .map((id, i) => {
      const { computer, script } = pastes[id] as Paste;
      // The blank line ends the block's statement, as the Enter after a console paste does.
      return `Write-Output '${marker(i)}'; [Console]::Error.WriteLine('${marker(i)}')
$env:COMPUTERNAME = '${computer}'
${script}

Write-Output 'REACHED-THE-END'
`;
    })
    .join('');
  const run = runPwsh(['-Command', '-'], { input: text });
  // pwsh writes terminal control sequences even to a pipe: drop them so words stand alone.
  const clean = (t: string) => t.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '');
  const split = (t: string) =>
    clean(t)
      .split(/EXWIZ-PASTE-\d+\r?\n/)
      .slice(1);
  const out = split(run.stdout);
  const errors = split(run.stderr);
  expect(out, `${run.stdout}${run.stderr}`).toHaveLength(ids.length);
  return Object.fromEntries(ids.map((id, i) => [id, { out: `${out[i]}${errors[i] ?? ''}`, errors: errors[i] ?? '' }]));
}

describe('the demo runbook (exwiz checklist): every command says where it runs (issue 24)', () => {
  let items: ChecklistItem[] = [];
  let sections: ChecklistCliResult['sections'] = [];
  let text = '';
  beforeAll(async () => {
    const result = JSON.parse(await checklist(true)) as ChecklistCliResult;
    sections = result.sections;
    items = result.sections.flatMap(s => s.items);
    text = await checklist(false);
  }, 60_000);

  it('gives every item with commands a runsOn; every block for one server starts with its guard', () => {
    expect(items.length).toBeGreaterThan(50);
    const withCommands = items.filter(i => i.commands.length > 0);
    for (const item of withCommands) expect(item.runsOn, item.id).toBeDefined();
    const single = withCommands.filter(i => i.runsOn?.kind === 'server');
    expect(single.length).toBeGreaterThan(20);
    for (const item of single) {
      expect(item.commands[0], item.id).toMatch(GUARD);
      expect(item.commands.at(-1), item.id).toBe('}');
    }
    // A block for any machine of a kind has no guard (it would refuse the machines it is meant for).
    for (const item of withCommands.filter(i => i.runsOn?.kind !== 'server')) expect(item.commands[0], item.id).not.toMatch(GUARD);
    // The demo's forest is prepared already: no schema-master-site block in it.
    expect(new Set(withCommands.map(i => i.runsOn?.kind))).toEqual(new Set(['server', 'exchange-shell', 'any-domain-machine']));
  });

  it('never shows Restart-Computer (or a local service restart) in a block without its guard', () => {
    for (const item of items) {
      const text = item.commands.join('\n');
      // A service restart piped from Get-Service -ComputerName names its server; a bare one acts where it runs.
      if (/Restart-Computer|^Restart-Service|Suspend-ClusterNode/m.test(text)) expect(item.commands[0], item.id).toMatch(GUARD);
    }
    expect(items.filter(i => i.commands.includes('Restart-Computer')).length).toBeGreaterThan(5);
  });

  it('prints where each block runs in the text runbook', () => {
    expect(text).toMatch(/where: Run on EX01 — elevated PowerShell\n {7}> if \(\$env:COMPUTERNAME -ne 'EX01'\)/);
    expect(text).toMatch(/where: Exchange Management Shell \(acts on EX01\)/);
    expect(text).toMatch(/where: Run on EX01 — elevated Exchange Management Shell/);
    expect(text).toMatch(/where: Exchange Management Shell, on any Exchange server/);
    expect(text).toMatch(/where: Run on the new server — elevated PowerShell/);
    expect(text).toMatch(/the wizard checks it: build-reached on EX01 \(15\.2\.\d+\.\d+\)/);
  });

  it('declares the checks the wizard runs itself: restarts, builds, maintenance, services, queues, EEMS', () => {
    const checks = items.flatMap(i => (i.autoCheck ? [`${i.autoCheck.id}@${i.autoCheck.server}`] : []));
    for (const id of ['restart-cleared', 'build-reached', 'maintenance-entered', 'maintenance-left', 'services-running', 'queues-drained', 'eems-working']) {
      expect(
        checks.some(c => c.startsWith(`${id}@`)),
        id,
      ).toBe(true);
    }
    for (const item of items) {
      if (item.kind === 'reboot' && !item.runsOn?.server?.startsWith('new:')) expect(item.autoCheck?.id, item.id).toBe('restart-cleared');
      if (item.effect?.type === 'confirm-build' && item.id !== 'reprobe' && !item.effect.server.startsWith('new:'))
        expect(item.autoCheck, item.id).toEqual({ id: 'build-reached', server: item.effect.server, build: item.effect.build });
      if (item.id === 'verify-services') expect(item.autoCheck?.id).toBe('services-running');
      // A migration's new server has no scan to read: nothing to check automatically there.
      if (item.autoCheck) expect(item.autoCheck.server.startsWith('new:'), item.id).toBe(false);
    }
  });

  it("parses every block without errors in PowerShell's own parser (each block as one paste)", async () => {
    const blocks = sections.flatMap(s => s.items.filter(i => i.commands.length > 0).map(i => ({ id: `${s.id} › ${i.id}`, text: i.commands.join('\n') })));
    const { value: errors } = await sharedPwshHost().run(path.join(__dirname, '..', 'fixtures', 'powershell', 'parse-errors.ps1'), { Blocks: blocks }, { schema: z.array(z.string()) });
    expect(errors).toEqual([]);
    expect(blocks.length).toBeGreaterThan(50);
  }, 120_000);
});

describe('the guard line, in real PowerShell', () => {
  const ex01 = guarded(onServer('EX01'), ["Write-Output 'restarting'", "Write-Output 'second line'"]).join('\n');
  const ran = (server: string) => guarded(onServer(server), ["Write-Output 'ran'"]).join('\n');
  const migration = `$NewServer = 'newex.contoso.local'\n${guarded(onServer('new:migrate-exchange-2016'), ["Write-Output 'ran'"]).join('\n')}`;
  let pasted: ReturnType<typeof pasteAll>;
  beforeAll(() => {
    // -Command - reads stdin the way a console paste arrives: a line at a time.
    pasted = pasteAll({
      wrong: { computer: 'JUMPBOX', script: ex01 },
      right: { computer: 'ex01', script: ex01 },
      fqdn: { computer: 'EX02', script: ran('ex02.contoso.local') },
      fqdnOther: { computer: 'EX01', script: ran('ex02.contoso.local') },
      quoted: { computer: 'X', script: ran("ex'1;calc") },
      newServer: { computer: 'NEWEX', script: migration },
      newServerWrong: { computer: 'JUMPBOX', script: migration },
    });
  });
  afterAll(() => vi.unstubAllEnvs());

  it('parses, lets the block run on its server (any case) and throws on any other computer, even pasted line by line', () => {
    const { wrong, right } = pasted;
    expect(wrong?.out).toMatch(/Run this on EX01, not on JUMPBOX/);
    expect(wrong?.out).not.toMatch(/restarting|second line/);
    expect(right?.errors, right?.out).toBe('');
    expect(right?.out).toMatch(/restarting[\s\S]*second line[\s\S]*REACHED-THE-END/);
  });

  it('compares the NetBIOS name $env:COMPUTERNAME shows: an FQDN scan name is cut to its first label, quotes stay data', () => {
    expect(pasted.fqdn?.out).toMatch(/ran/);
    const other = pasted.fqdnOther?.out;
    expect(other).toMatch(/Run this on EX02, not on EX01/);
    expect(other).not.toMatch(/\bran\b/);
    expect(pasted.quoted?.out).toMatch(/Run this on EX'1;CALC, not on X/);
    expect(serverGuard('averyveryverylongservername')).toContain("-ne 'AVERYVERYVERYLO'");
  });

  it("a migration's new server: the guard compares with $NewServer (asked once when the window has none)", () => {
    expect(pasted.newServer?.out).toMatch(/\bran\b/);
    const wrong = pasted.newServerWrong?.out;
    expect(wrong).toMatch(/Run this on the new Exchange server, not on JUMPBOX/);
    expect(wrong).not.toMatch(/\bran\b/);
  });
});
