import { existsSync, mkdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionVerdict } from '../../electron/engine/scan/server-errors';
import { E19, probeLab } from './helpers';
import { useRealPwshHost } from '../helpers/pwsh';

/** Connection failures as the probe reports them, and data that must never become code. */
describe('probe connection failures and hostile input (real pwsh)', () => {
  const real = useRealPwshHost('exwiz-probe-');

  const cases: Array<[string, Array<[string, string]>]> = [
    [
      'access-denied',
      [
        ['exchange-shell', 'access-denied'],
        ['winrm', 'access-denied'],
      ],
    ],
    [
      'winrm-unreachable',
      [
        ['exchange-shell', 'winrm-unreachable'],
        ['winrm', 'winrm-unreachable'],
      ],
    ],
    [
      'name-not-resolved',
      [
        ['exchange-shell', 'unreachable'],
        ['winrm', 'unreachable'],
      ],
    ],
    ['ems-missing', [['exchange-shell', 'ems-missing']]],
    ['execution-policy', [['exchange-shell', 'execution-policy']]],
    ['constrained-language', [['winrm', 'constrained-language']]],
    ['malformed-output', [['winrm', 'malformed-output']]],
  ];
  for (const [failure, expected] of cases) {
    it(`records "${failure}" as coded connection errors and keeps what the other channel returned`, async () => {
      const facts = await probeLab(real.host, { config: { simulate: { failure } } });
      const connection = facts.sectionErrors.filter(e => e.code !== undefined).map(e => [e.section, e.code]);
      expect(connection).toEqual(expected);
      const shellWorked = !expected.some(([section]) => section === 'exchange-shell');
      const winrmWorked = !expected.some(([section]) => section === 'winrm');
      expect(facts.identity.adminDisplayVersion !== null).toBe(shellWorked);
      expect(facts.exchange.exSetupVersion !== null).toBe(winrmWorked);
      // What discovery said stays: the name is never lost.
      expect(facts.identity.name).toBe('SOLO-E19A');
    });
  }

  it("says an execution policy blocked the Exchange shell's temporary module, not the PowerShell virtual directory", async () => {
    const facts = await probeLab(real.host, { config: { simulate: { failure: 'execution-policy' } } });
    expect(facts.sectionErrors[0]?.message).toMatch(/refuses the temporary module Import-PSSession writes for the Exchange Management Shell: .*not digitally signed/);
    const { error } = connectionVerdict(facts, 'SOLO-E19A');
    expect(error?.code).toBe('execution-policy');
    expect(error?.message).toMatch(/execution policy on this computer blocked/);
    expect(error?.fix).toMatch(/Group Policy.*RemoteSigned.*Get-ExecutionPolicy -List/);
    expect(error?.fix).not.toMatch(/virtual directory works/);
  });

  it('passes server names full of quotes, $(), backticks and semicolons as data', async () => {
    const marker = path.join(real.scratch, 'pwned-name');
    const hostile = [`x'; New-Item -Path '${marker}' -ItemType File; '`, `$(New-Item -Path "${marker}" -ItemType File)`, '`"; exit 1; `"', `a";$(whoami);"b`];
    for (const name of hostile) {
      const facts = await probeLab(real.host, { server: name, fqdn: name });
      expect(facts.identity.name).toBe(name);
      expect(facts.sectionErrors.map(e => e.code)).toEqual(['unreachable', 'unreachable']);
      expect(facts.sectionErrors[0]?.message).toContain(name);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('reads a lab folder whose path is full of quotes, $(), backticks and semicolons', async () => {
    const marker = path.join(real.scratch, 'pwned-path');
    const folder = path.join(real.scratch, `lab 'q' "d" $(New-Item ${marker}) \`b; x`);
    for (const file of ['Exchange/GetExchangeServer.xml', 'Exchange/ExSetup.xml', 'Exchange/GetOrganizationConfig.xml', 'OS/Win32_OperatingSystem.xml']) {
      mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      copyFileSync(path.join(E19, file), path.join(folder, file));
    }
    const facts = await probeLab(real.host, { lab: folder, config: { captures: { 'Exchange/ExSetup.xml': 'Exchange/ExSetup.xml' } } });
    expect(facts.identity.name).toBe('SOLO-E19A');
    expect(facts.exchange.exSetupVersion).toBe('15.02.0986.005');
    expect(facts.os.buildNumber).toBe(17763);
    // Captures that are not there fail as commands, nothing else.
    expect(facts.sectionErrors.map(e => e.section)).toEqual(expect.arrayContaining(['certificates', 'services']));
    expect(existsSync(marker)).toBe(false);
  });
});
