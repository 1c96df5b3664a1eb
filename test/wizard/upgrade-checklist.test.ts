import { describe, expect, it } from 'vitest';
import { psQuote, upgradeChecklist, type ChecklistServer } from '../../src-shared/wizard/upgrade-checklist';
import type { ServerPlan } from '../../src-shared/knowledge/types';

const plan = (kinds: Array<'prepare-ad' | 'install-cu' | 'in-place-upgrade' | 'install-su'>): ServerPlan => ({
  serverName: 'EX1',
  currentBuild: '15.2.1544.36',
  target: { product: 'Exchange SE', cu: 'RTM', update: 'Nov26SU', build: '15.2.2562.57' },
  summary: 'test',
  steps: kinds.map((kind, i) => ({ id: `s${i}`, kind, title: `${kind} step`, why: '', resultingBuild: null, updateId: kind === 'prepare-ad' ? null : `pkg-${i}`, prerequisites: [], esuOnly: false })),
  notes: [],
  fixesEems: true,
});

const server = (patch: Partial<ChecklistServer> = {}): ChecklistServer => ({ name: 'EX1', fqdn: 'ex1.contoso.local', product: 'Exchange 2019', isEdge: false, dagName: 'DAG1', redirectTarget: 'ex2.contoso.local', ...patch });

describe('upgrade checklist', () => {
  it('walks a DAG member through maintenance, setup, reboot and back, ending with a re-scan', () => {
    const items = upgradeChecklist(server(), plan(['in-place-upgrade', 'install-su']), { stagedPaths: { 'pkg-0': 'C:\\ExchangeUpdates\\se\\ExchangeServerSE-x64.iso', 'pkg-1': 'C:\\ExchangeUpdates\\su\\ExchangeSubscriptionEdition-KB1-x64-en.exe' }, adPreparationCommands: ['Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /PrepareAD'] });
    const ids = items.map(i => i.id);
    expect(ids).toEqual(['backup', 'customisations', 'reboot-before', 'prepare-ad', 'maintenance-enter', 'antivirus', 'install-s0', 'install-s1', 'reboot-after', 'maintenance-leave', 'verify-services', 'verify-eems', 'reprobe']);
    const enter = items.find(i => i.id === 'maintenance-enter')!.commands.join('\n');
    expect(enter).toContain("Suspend-ClusterNode 'EX1'");
    expect(enter).toContain("Redirect-Message -Server 'EX1' -Target 'ex2.contoso.local'");
    expect(enter).not.toContain('UMCallRouter');
    expect(items.find(i => i.id === 'install-s0')!.commands.join('\n')).toContain("Mount-DiskImage -ImagePath 'C:\\ExchangeUpdates\\se\\ExchangeServerSE-x64.iso'");
    expect(items.find(i => i.id === 'install-s0')!.commands.join('\n')).toContain('/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /Mode:Upgrade');
    expect(items.find(i => i.id === 'install-s1')!.commands[0]).toBe("Start-Process -FilePath 'C:\\ExchangeUpdates\\su\\ExchangeSubscriptionEdition-KB1-x64-en.exe' -Verb RunAs -Wait");
    expect(items.find(i => i.id === 'maintenance-leave')!.commands.join('\n')).toContain("Resume-ClusterNode 'EX1'");
    expect(items.at(-1)!.kind).toBe('verify');
  });

  it('keeps the UM Call Router steps for Exchange 2016, skips DAG steps on a standalone server', () => {
    const items = upgradeChecklist(server({ product: 'Exchange 2016', dagName: null, redirectTarget: null }), plan(['install-su']), { stagedPaths: {}, adPreparationCommands: [] });
    const enter = items.find(i => i.id === 'maintenance-enter')!;
    expect(enter.commands.join('\n')).toContain('UMCallRouter');
    expect(enter.commands.join('\n')).not.toContain('Suspend-ClusterNode');
    expect(enter.detail).toMatch(/lose mail access/);
    expect(items.some(i => i.id === 'customisations')).toBe(false);
    expect(items.find(i => i.id === 'install-s0')!.detail).toMatch(/stage the file first/);
  });

  it('runs AD preparation only on the server that prepares AD', () => {
    const items = upgradeChecklist(server(), plan(['install-cu']), { stagedPaths: {}, adPreparationCommands: [] });
    expect(items.some(i => i.id === 'prepare-ad')).toBe(false);
  });

  it('has nothing to do when the plan installs nothing', () => {
    expect(upgradeChecklist(server(), plan([]), { stagedPaths: {}, adPreparationCommands: ['Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /PrepareAD'] })).toEqual([]);
  });

  it('quotes names so they stay data', () => {
    expect(psQuote("ex'1; rm")).toBe("'ex''1; rm'");
    const items = upgradeChecklist(server({ name: "EX'1" }), plan(['install-su']), { stagedPaths: {}, adPreparationCommands: [] });
    expect(items.find(i => i.id === 'maintenance-enter')!.commands[0]).toContain("'EX''1'");
  });
});
