import { describe, expect, it } from 'vitest';
import type { DiscoveredServer } from '../../src-shared/domain/discovery';
import { isThisExchangeServer, type ThisComputer } from '../../src-shared/domain/this-computer';
import { readThisComputer } from '../../electron/engine/discovery/this-computer';
import { scanTargets } from '../../electron/engine/scan/scan-service';
import { E19, probeLab } from './helpers';
import { useRealPwshHost } from '../helpers/pwsh';

/** The one-server office: the wizard started on the Exchange server itself (the lab says which). */
const onEx = (elevated: boolean) => ({ thisComputer: { name: 'SOLO-E19A', elevated } });
const RESTART = "Start-Process -Verb RunAs -FilePath 'C:\\Program Files\\Exchange Remediation Wizard\\exwiz.exe'";

const solo: DiscoveredServer = { name: 'SOLO-E19A', fqdn: null, versionHint: null, roles: ['Mailbox'], site: null, source: 'lab', notes: [] };

describe('the wizard on the Exchange server itself (real pwsh, lab)', () => {
  const real = useRealPwshHost('exwiz-this-computer-');

  it('reads through the host that this computer is the lab server and not elevated', async () => {
    const computer = await readThisComputer(real.host, { directory: E19, configuration: onEx(false) });
    expect(computer.name).toBe('SOLO-E19A');
    expect(computer.elevated).toBe(false);
    // Setup's MsiInstallPath, as the capture's ExSetup.exe path gives it.
    expect(computer.exchangeInstallPath).toMatch(/Exchange Server\\V15\\$/i);
    expect(isThisExchangeServer(computer, solo)).toBe(true);
  });

  it('says a jump box is no Exchange server', async () => {
    const lab = await readThisComputer(real.host, { directory: E19 });
    expect(lab.exchangeInstallPath).toBeNull();
    // Off Windows there is neither Setup's registry key nor a Windows identity.
    const here = await readThisComputer(real.host);
    expect(here.exchangeInstallPath).toBeNull();
    if (process.platform !== 'win32') expect(here.elevated).toBeNull();
  });

  it('is denied when remoting back to itself unelevated, and probes in-process instead', async () => {
    const remoted = await probeLab(real.host, { config: onEx(false) });
    expect(remoted.sectionErrors.filter(e => e.code).map(e => [e.section, e.code])).toEqual([['winrm', 'access-denied']]);
    expect(remoted.exchange.exSetupVersion).toBeNull();

    const local = await probeLab(real.host, { config: onEx(false), onThisComputer: true });
    expect(local.sectionErrors.filter(e => e.code)).toEqual([]);
    // The SU level the verdict rests on comes back.
    expect(local.exchange.exSetupVersion).toBe('15.02.0986.005');
    expect(local.identity.adminDisplayVersion).not.toBeNull();
  });

  it('says "not elevated" in one line with the restart, never Organization Management', async () => {
    const computer: ThisComputer = await readThisComputer(real.host, { directory: E19, configuration: onEx(false) });
    const [result] = await scanTargets([{ server: solo, lab: { directory: E19, configuration: onEx(false) } }], {
      runner: real.host,
      concurrency: 1,
      timeoutMs: 90_000,
      thisComputer: computer,
      restartCommand: RESTART,
    });
    expect(result?.facts?.exchange.exSetupVersion).toBe('15.02.0986.005');
    expect(result?.error?.code).toBe('not-elevated');
    expect(result?.error?.message).toContain('without administrator rights');
    expect(result?.error?.fix).toBe(`Restart as administrator: ${RESTART}`);
    expect(JSON.stringify(result?.error)).not.toContain('Organization Management');

    const elevated = await scanTargets([{ server: solo, lab: { directory: E19, configuration: onEx(true) } }], {
      runner: real.host,
      concurrency: 1,
      timeoutMs: 90_000,
      thisComputer: { ...computer, elevated: true },
    });
    expect(elevated[0]?.error).toBeNull();
    expect(elevated[0]?.facts?.exchange.exSetupVersion).toBe('15.02.0986.005');
  });
});
