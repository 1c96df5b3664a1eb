import { describe, expect, it } from 'vitest';
import { psQuote, redirectTarget, upgradeChecklist, type ChecklistServer } from '../../src-shared/wizard/upgrade-checklist';
import type { ScanReport } from '../../src-shared/assessment/scan-report';
import type { PlanInput, ServerPlan } from '../../src-shared/knowledge/types';
import { planOrganisation } from '../../src-shared/knowledge/organisation-planner';
import { organisationChecklist } from '../../src-shared/wizard/organisation-checklist';
import { isAllowedExternalUrl } from '../../src-shared/domain/external-links';
import { planInput } from '../helpers/plan-input';
import { filesForServer, mayStageOn, stagingPlan, stagingRefusal } from '../../src-shared/wizard/staging-plan';

const plan = (kinds: Array<'prepare-ad' | 'install-cu' | 'in-place-upgrade' | 'install-su'>): ServerPlan => ({
  serverName: 'EX1',
  currentBuild: '15.2.1544.36',
  target: { product: 'Exchange SE', cu: 'RTM', update: 'Nov26SU', build: '15.2.2562.57' },
  summary: 'test',
  steps: kinds.map((kind, i) => ({
    id: `s${i}`,
    kind,
    title: `${kind} step`,
    why: '',
    resultingBuild: `15.2.2562.${i + 10}`,
    updateId: kind === 'prepare-ad' ? null : `pkg-${i}`,
    prerequisites: [],
    esuOnly: false,
  })),
  notes: [],
  fixesEems: true,
});

const server = (patch: Partial<ChecklistServer> = {}): ChecklistServer => ({
  name: 'EX1',
  fqdn: 'ex1.contoso.local',
  product: 'Exchange 2019',
  isEdge: false,
  dagName: 'DAG1',
  redirectTarget: 'ex2.contoso.local',
  ...patch,
});

describe('upgrade checklist', () => {
  it('walks a DAG member through maintenance, setup, reboot and back, ending with a re-scan', () => {
    const items = upgradeChecklist(server(), plan(['in-place-upgrade', 'install-su']), {
      stagedPaths: { 'pkg-0': 'C:\\ExchangeUpdates\\se\\ExchangeServerSE-x64.iso', 'pkg-1': 'C:\\ExchangeUpdates\\su\\ExchangeSubscriptionEdition-KB1-x64-en.exe' },
    });
    const ids = items.map(i => i.id);
    expect(ids).toEqual([
      'backup',
      'customisations',
      'reboot-before',
      'maintenance-enter',
      'queues-drained',
      'dag-no-active-copy',
      'antivirus',
      'hash-s0',
      'install-s0',
      'reboot-after-s0',
      'confirm-s0',
      'hash-s1',
      'install-s1',
      'reboot-after-s1',
      'confirm-s1',
      'maintenance-leave',
      'dag-copies-healthy',
      'verify-services',
      'verify-eems',
      'reprobe',
    ]);
    const enter = items.find(i => i.id === 'maintenance-enter')!.commands.join('\n');
    expect(enter).toContain("Suspend-ClusterNode 'EX1'");
    expect(enter).toContain("Redirect-Message -Server 'EX1' -Target 'ex2.contoso.local'");
    expect(enter).not.toContain('UMCallRouter');
    expect(items.find(i => i.id === 'install-s0')!.commands.join('\n')).toContain("Mount-DiskImage -ImagePath 'C:\\ExchangeUpdates\\se\\ExchangeServerSE-x64.iso'");
    expect(items.find(i => i.id === 'install-s0')!.commands.join('\n')).toContain('/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /Mode:Upgrade');
    expect(items.find(i => i.id === 'install-s1')!.commands[1]).toBe("Start-Process -FilePath 'C:\\ExchangeUpdates\\su\\ExchangeSubscriptionEdition-KB1-x64-en.exe' -Verb RunAs -Wait");
    expect(items.find(i => i.id === 'maintenance-leave')!.commands.join('\n')).toContain("Resume-ClusterNode 'EX1'");
    expect(items.at(-1)!.kind).toBe('verify');
  });

  it('checks a DAG member before and after its Setup: no mounted copy and queues drained; copies, queues and index healthy (issue 25.5)', () => {
    const items = upgradeChecklist(server(), plan(['install-su']), { stagedPaths: {} });
    const before = items.find(i => i.id === 'dag-no-active-copy')!;
    expect(before.commands.join('\n')).toContain("Get-MailboxDatabaseCopyStatus -Server 'EX1' | Where-Object { $_.Status -eq 'Mounted' }");
    expect(items.find(i => i.id === 'queues-drained')!.autoCheck).toEqual({ id: 'queues-drained', server: 'EX1' });
    const after = items.find(i => i.id === 'dag-copies-healthy')!;
    expect(after.commands[0]).toMatch(/CopyQueueLength, ReplayQueueLength, ContentIndexState/);
    expect(after.confirms).toMatch(/Healthy[\s\S]*near 0[\s\S]*ContentIndexState is Healthy/);
    expect(after.autoCheck).toEqual({ id: 'dag-copies-healthy', server: 'EX1' });
    expect(items.findIndex(i => i.id === 'dag-copies-healthy')).toBeGreaterThan(items.findIndex(i => i.id === 'maintenance-leave'));
    const standalone = upgradeChecklist(server({ dagName: null }), plan(['install-su']), { stagedPaths: {} });
    expect(standalone.some(i => i.id.startsWith('dag-'))).toBe(false);
  });

  it('sees services a failed update left Disabled, ignores the components inactive on-premises by design, and wants EEMS Running and Automatic (issue 25.6)', () => {
    const items = upgradeChecklist(server(), plan(['install-su']), { stagedPaths: {} });
    const services = items.find(i => i.id === 'verify-services')!.commands.join('\n');
    expect(services).toContain("$_.StartType -eq 'Disabled'");
    expect(services).not.toMatch(/\$_\.StartType -eq 'Automatic' -and \$_\.Status -ne 'Running' \}/);
    const leave = items.find(i => i.id === 'maintenance-leave')!;
    expect(leave.commands.join('\n')).toContain("-notin 'ForwardSyncDaemon', 'ProvisioningRps'");
    expect(leave.confirms).toMatch(/ForwardSyncDaemon and ProvisioningRps are Inactive on-premises by design/);
    const eems = items.find(i => i.id === 'verify-eems')!;
    expect(eems.commands.join('\n')).toContain('Get-Service MSExchangeMitigation | Format-List Status, StartType');
    expect(eems.confirms).toMatch(/Running and Automatic/);
  });

  it('saves OWA/ECP web.config and SharedWebConfig.config, not only EdgeTransport.exe.config (issue 25, low)', () => {
    const items = upgradeChecklist(server(), plan(['in-place-upgrade']), { stagedPaths: {} });
    const backup = items.find(i => i.id === 'customisations')!.commands.join('\n');
    for (const file of [
      'Bin\\EdgeTransport.exe.config',
      'FrontEnd\\HttpProxy\\SharedWebConfig.config',
      'ClientAccess\\SharedWebConfig.config',
      'FrontEnd\\HttpProxy\\owa\\web.config',
      'ClientAccess\\ecp\\web.config',
    ])
      expect(backup).toContain(file);
    expect(backup).not.toContain('$exinstall');
  });

  it('keeps the UM Call Router steps for Exchange 2016, skips DAG steps on a standalone server', () => {
    const items = upgradeChecklist(server({ product: 'Exchange 2016', dagName: null, redirectTarget: null }), plan(['install-su']), { stagedPaths: {} });
    const enter = items.find(i => i.id === 'maintenance-enter')!;
    expect(enter.commands.join('\n')).toContain('UMCallRouter');
    expect(enter.commands.join('\n')).not.toContain('Suspend-ClusterNode');
    expect(enter.detail).toMatch(/lose mail access/);
    expect(items.some(i => i.id === 'customisations')).toBe(false);
    expect(items.find(i => i.id === 'install-s0')!.detail).toMatch(/stage the file first/);
  });

  it('has nothing to do when the plan installs nothing', () => {
    expect(upgradeChecklist(server(), plan([]), { stagedPaths: {} })).toEqual([]);
  });

  it('quotes names so they stay data', () => {
    expect(psQuote("ex'1; rm")).toBe("'ex''1; rm'");
    const items = upgradeChecklist(server({ name: "EX'1" }), plan(['install-su']), { stagedPaths: {} });
    expect(items.find(i => i.id === 'maintenance-enter')!.commands[0]).toContain("'EX''1'");
  });
});

describe('the organisation runbook from real plans (issue 12)', () => {
  const GB = 1024 ** 3;
  const input = (serverName: string, build: string, extra: Partial<PlanInput> = {}): PlanInput => planInput(build, { serverName, osProductName: null, osBuildNumber: 14393, ...extra });
  const checklistServer = (name: string, product: string): ChecklistServer => ({ name, fqdn: null, product, isEdge: false, dagName: null, redirectTarget: null });
  const runbook = (inputs: PlanInput[]) => {
    const plan = planOrganisation(inputs, { hasEsu: false });
    const servers = plan.servers.map(p => ({ server: checklistServer(p.serverName, p.currentBuild?.startsWith('15.1.') ? 'Exchange 2016' : 'Exchange 2019'), plan: p }));
    return { plan, sections: organisationChecklist(plan, servers) };
  };

  it('a 2016 server is patched to its own build (15.1.2507.61) and never waits for an SE build it cannot reach', () => {
    const { sections } = runbook([input('EX2016', '15.1.2375.37')]);
    const server = sections.find(s => s.server === 'EX2016');
    expect(server?.title).toMatch(/patch to stay as safe as possible until it is replaced/);
    const builds = server!.items.flatMap(i => (i.effect?.type === 'confirm-build' ? [i.effect.build] : []));
    expect(builds).toEqual(['15.1.2507.6', '15.1.2507.61', '15.1.2507.61']);
    expect(server!.items.find(i => i.id === 'reprobe')?.confirms).toMatch(/15\.1\.2507\.61/);
    const eems = server!.items.find(i => i.id === 'verify-eems');
    expect(eems?.detail).toMatch(/stays cut off until the migration is done/);
    expect(eems?.detail).not.toMatch(/should reach Microsoft again/);
    const project = sections.find(s => s.kind === 'migration');
    expect(project?.title).toBe('Replace Exchange 2016 with Exchange SE');
    const ids = project!.items.map(i => i.id);
    const order = [
      'new-server',
      'new-server-prerequisites',
      'new-server-ad',
      'install-new-exchange-se-rtm',
      'certificate',
      'namespace',
      'mail-flow',
      'move-arbitration',
      'move-mailboxes',
      'move-public-folders',
      'move-system-mailboxes',
      'decommission',
    ];
    expect(order.map(id => ids.indexOf(id))).toEqual([...order.map(id => ids.indexOf(id))].sort((a, b) => a - b));
    expect(order.every(id => ids.includes(id))).toBe(true);
    for (const item of project!.items) for (const link of item.links ?? []) expect(isAllowedExternalUrl(link.url), link.url).toBe(true);
    expect(
      project!.items
        .filter(i => i.kind !== 'reboot' && i.kind !== 'verify' && !i.id.startsWith('hash-') && !i.id.startsWith('install-') && i.id !== 'variables')
        .every(i => (i.links ?? []).length > 0),
    ).toBe(true);
  });

  it('AD preparation is a section of its own, even when the first server in the order has no install step', () => {
    const { plan, sections } = runbook([input('EX2013', '15.0.1497.48'), input('EX2016', '15.1.2507.61')]);
    expect(plan.order[0]).toBe('EX2013');
    expect(sections[0]?.kind).toBe('ad-preparation');
    expect(sections[0]?.items.find(i => i.id === 'ad-prepare')?.commands.join('\n')).toMatch(/PrepareSchema[\s\S]*PrepareAD[\s\S]*PrepareAllDomains/);
    // The 2013 project comes before anything SE Setup could refuse.
    expect(sections[1]?.id).toBe('migrate-exchange-2013');
    expect(sections.at(-1)?.id).toBe('migrate-exchange-2016');
  });

  it('reboots between any two Setup or SU runs on the same server, and checks the file hash right before each', () => {
    const { sections } = runbook([input('EX2016', '15.1.2375.37'), input('EX2019', '15.2.986.42', { osBuildNumber: 17763 }), input('EX2013', '15.0.1497.48')]);
    const items = sections.flatMap(s => s.items);
    const last = new Map<string, string>();
    items.forEach((item, i) => {
      const e = item.effect;
      if (!e || !('server' in e)) return;
      if (e.type === 'setup' || e.type === 'su') {
        expect(last.get(e.server), `${item.id} on ${e.server}`).not.toBe('run');
        expect(items[i - 1]?.effect?.type, item.id).toBe('hash-check');
        last.set(e.server, 'run');
      }
      if (e.type === 'reboot') last.set(e.server, 'reboot');
    });
  });

  it('blockers become "Fix before you start" items and hold the install items until a re-scan', () => {
    const { sections } = runbook([input('EX2019', '15.2.1544.36', { osBuildNumber: 17763, vcRedist2013: '12.0.30501', installDriveFreeBytes: 5 * GB })]);
    const items = sections.find(s => s.server === 'EX2019')!.items;
    expect(items.slice(0, 2).map(i => [i.id, i.kind])).toEqual([
      ['fix-vcredist-2013', 'fix'],
      ['fix-disk-space', 'fix'],
    ]);
    expect(items[0]?.links?.[0]?.url).toMatch(/^https:\/\/support\.microsoft\.com\//);
    expect(items[1]?.detail).toMatch(/5\.0 GB free; Setup needs 30 GB/);
    const installs = items.filter(i => i.effect?.type === 'setup' || i.effect?.type === 'su');
    expect(installs.length).toBeGreaterThan(0);
    for (const i of installs) expect(i.heldBy).toEqual(['fix-vcredist-2013', 'fix-disk-space']);
  });

  it('a 2019 CU11 server gets the Extended Protection check before CU15 Setup', () => {
    const { sections } = runbook([input('EX2019', '15.2.986.42', { osBuildNumber: 17763 })]);
    const items = sections.find(s => s.server === 'EX2019')!.items;
    const ep = items.findIndex(i => i.id === 'extended-protection');
    const setup = items.findIndex(i => i.effect?.type === 'setup');
    expect(ep).toBeGreaterThan(-1);
    expect(ep).toBeLessThan(setup);
    expect(items[ep]?.detail).toMatch(/\/DoNotEnableEP /);
    expect(items[ep]?.commands.join('\n')).toMatch(/LmCompatibilityLevel/);
    // Where the public-folder hierarchy lives (EP must wait while it is on 2016 CU22 / 2019 CU11 or older).
    expect(items[ep]?.commands.join('\n')).toMatch(/RootPublicFolderMailbox\.HierarchyMailboxGuid/);
    expect(items[ep]?.confirms).toMatch(/public-folder hierarchy mailbox/);
  });

  it('quotes the old server names in the migration commands', () => {
    const { sections } = runbook([input("EX'16", '15.1.2507.61')]);
    const vars = sections.find(s => s.kind === 'migration')!.items.find(i => i.id === 'variables')!;
    expect(vars.commands[0]).toBe("$OldServers = @('EX''16')");
  });
});

describe('staging plan: which file goes where', () => {
  it('never stages the SE media onto a 2016 server; it is for the new server and stays on the jump box', () => {
    const plan = planOrganisation([planInput('15.1.2375.37', { serverName: 'EX2016', osBuildNumber: 14393 }), planInput('15.2.1748.39', { serverName: 'EX2019' })], { hasEsu: false });
    const scan = { servers: plan.servers.map(p => ({ name: p.serverName, plan: p })), plan } as unknown as Parameters<typeof mayStageOn>[0];
    expect(filesForServer(scan, 'EX2016')).toEqual(['exchange-2016-cu23-iso', 'exchange-2016-cu23-oct25su-exe']);
    expect(filesForServer(scan, 'EX2019')).toEqual(['exchange-se-rtm-iso', 'exchange-se-rtm-nov26su-exe']);
    const se = mayStageOn(scan, 'exchange-se-rtm-iso', 'EX2016');
    expect(se.ok).toBe(false);
    expect(se.ok ? '' : se.why).toMatch(/new server of the migration/);
    expect(mayStageOn(scan, 'exchange-se-rtm-iso', 'EX2019').ok).toBe(true);
    const targets = stagingPlan(plan.servers, plan);
    expect(targets.find(t => t.updateId === 'exchange-se-rtm-iso')).toEqual({ updateId: 'exchange-se-rtm-iso', servers: ['EX2019'], newServerOf: ['migrate-exchange-2016'] });
  });
});

describe('stagingRefusal (the stage handler asks it)', () => {
  it('refuses the SE media for a 2016 server of the session, allows its own CU', () => {
    const plan = planOrganisation([planInput('15.1.2375.37', { serverName: 'EX2016', osBuildNumber: 14393 })], { hasEsu: false });
    const scan = { servers: plan.servers.map(p => ({ name: p.serverName, fqdn: 'ex2016.contoso.local', plan: p })), plan } as unknown as NonNullable<Parameters<typeof stagingRefusal>[0]['scan']>;
    const downloads = [
      { path: '/d/se.iso', manifest: { updateId: 'exchange-se-rtm-iso' } },
      { path: '/d/cu23.iso', manifest: { updateId: 'exchange-2016-cu23-iso' } },
    ] as unknown as Parameters<typeof stagingRefusal>[0]['downloads'];
    expect(stagingRefusal({ scan, downloads }, '/d/se.iso', 'ex2016.contoso.local')).toMatch(/new server of the migration/);
    expect(stagingRefusal({ scan, downloads }, '/d/cu23.iso', 'EX2016')).toBeNull();
  });
});

describe('Redirect-Message target (issue 25, low)', () => {
  const at = (name: string, site: string | null, build: string, inactive: string[] = [], extra: Record<string, unknown> = {}) =>
    ({
      name,
      fqdn: `${name.toLowerCase()}.contoso.local`,
      reachable: true,
      build,
      product: 'Exchange 2019',
      facts: { identity: { site, isEdge: false, roles: ['Mailbox'] }, maintenance: { inactiveComponents: inactive.map(component => ({ component, state: 'Inactive' })) } },
      ...extra,
    }) as unknown as ScanReport['servers'][number];
  const target = (servers: ScanReport['servers']) => redirectTarget(servers[0]!, { servers } as unknown as ScanReport)?.name ?? null;

  it('is a healthy server in the same AD site on the newest build; none when no server qualifies', () => {
    expect(
      target([at('EX1', 'HQ', '15.2.1748.10'), at('EX2', 'Leeds', '15.2.2562.57'), at('EX3', 'HQ', '15.2.1544.4'), at('EX4', 'HQ', '15.2.2562.57', ['HubTransport']), at('EX5', 'HQ', '15.2.1748.36')]),
    ).toBe('EX5');
    expect(target([at('EX1', 'HQ', '15.2.1748.10'), at('EX2', 'Leeds', '15.2.2562.57')])).toBeNull();
    // A site the scan could not read is not "the same site".
    expect(target([at('EX1', null, '15.2.1748.10'), at('EX2', null, '15.2.2562.57')])).toBeNull();
    expect(target([at('EX1', 'HQ', '15.2.1748.10'), at('EX2', 'HQ', '15.2.2562.57', [], { reachable: false })])).toBeNull();
  });
});
