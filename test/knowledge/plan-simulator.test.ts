import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { planOrganisation } from '../../src-shared/knowledge/organisation-planner';
import type { BuildRecord } from '../../src-shared/knowledge/catalog-schema';
import type { PlanInput } from '../../src-shared/knowledge/types';
import { organisationChecklist } from '../../src-shared/wizard/organisation-checklist';
import { simulateRunbook } from '../../src-shared/wizard/plan-simulator';
import { SETUP_PRECONDITIONS } from '../../src-shared/wizard/setup-preconditions';
import { planInput } from '../helpers/plan-input';
import type { ObservedPublicFolderHierarchy } from '../../src-shared/knowledge/organisation-facts';

const catalog = builtInCatalog();
const today = catalog.asOf;

/** Windows Server versions a server of each product really runs on (Setup refuses others). */
const OS_BY_PRODUCT: Record<string, number[]> = {
  'Exchange 2013': [9600],
  'Exchange 2016': [9200, 9600, 14393],
  'Exchange 2019': [17763, 20348],
  'Exchange SE': [17763, 20348, 26100],
};

/** One build per CU plus the boundaries: the CU's own build, its newest public build and its newest build. */
function sampledBuilds(): BuildRecord[] {
  const picked = new Map<string, BuildRecord>();
  for (const cu of catalog.cus) {
    const builds = catalog.builds.filter(b => b.product === cu.product && b.cu === cu.cu && b.fileVersionOf === null && b.type !== 'Preview');
    if (builds.length === 0) continue;
    const publicBuilds = builds.filter(b => !b.esuOnly);
    for (const b of [builds[0], publicBuilds.at(-1), builds.at(-1)]) if (b) picked.set(b.build, b);
  }
  return [...picked.values()];
}

function runbookFor(inputs: PlanInput[], hasEsu: boolean) {
  const plan = planOrganisation(inputs, { hasEsu, catalog, today });
  const servers = plan.servers.map(p => {
    const input = inputs.find(i => i.serverName === p.serverName) as PlanInput;
    return { server: { name: p.serverName, fqdn: null, product: null, isEdge: input.isEdge === true, dagName: input.dagName, redirectTarget: null }, plan: p };
  });
  const sections = organisationChecklist(plan, servers, { catalog });
  return simulateRunbook(inputs, sections, { catalog, today, hasEsu });
}

describe('plan simulator: Setup preconditions as data', () => {
  it('names every blocking check the issue lists', () => {
    expect(SETUP_PRECONDITIONS.map(p => p.id)).toEqual([
      'pending-reboot',
      'install-watermark',
      'preflight',
      'file-hash',
      'coexistence',
      'coexistence-minimum',
      'forest',
      'ad-levels',
      'prerequisites',
      'os',
      'upgrade-path',
      'extended-protection',
      'public-folder-hierarchy',
      'tls-consistent',
      'ssl-offloading',
    ]);
  });

  it('catches a runbook that runs Setup without the restart, the AD preparation or the coexistence rule', () => {
    const inputs = [planInput('15.2.986.42', { serverName: 'EX19' }), planInput('15.0.1497.48', { serverName: 'EX13', osBuildNumber: 9600 })];
    const plan = planOrganisation(inputs, { hasEsu: false, catalog, today });
    const ex19 = plan.servers.find(p => p.serverName === 'EX19')!;
    const sections = organisationChecklist(plan, [{ server: { name: 'EX19', fqdn: null, product: null, isEdge: false, dagName: null, redirectTarget: null }, plan: ex19 }], { catalog });
    // Only the 2019 server's section, without the 2013 project before it: CU15 Setup meets 2013.
    const alone = sections.filter(s => s.server === 'EX19');
    const result = simulateRunbook(inputs, alone, { catalog, today, hasEsu: false });
    expect(result.problems.join('\n')).toMatch(/coexistence: Exchange 2019 CU15 Setup refuses while Exchange 2013 servers exist/);
    expect(result.problems.join('\n')).toMatch(/ad-levels: organisation objectVersion 16759 < 16763/);
    const noReboot = alone.map(s => ({ ...s, items: s.items.filter(i => i.kind !== 'reboot') }));
    expect(simulateRunbook(inputs, noReboot, { catalog, today, hasEsu: false }).problems.join('\n')).toMatch(/pending-reboot/);
  });

  it('walks every sampled catalog build × OS × standalone/DAG/Edge × ESU yes/no without a failed step, ending supported and past every cut-off', () => {
    const failures: string[] = [];
    let runs = 0;
    for (const b of sampledBuilds()) {
      const oses = OS_BY_PRODUCT[b.product] ?? [];
      for (const os of oses) {
        // Every OS for a standalone server; DAG and Edge on the first OS only (the OS does not change their route).
        for (const role of os === oses[0] ? (['standalone', 'dag', 'edge'] as const) : (['standalone'] as const)) {
          if (role === 'edge' && b.product === 'Exchange 2013') continue; // 2013 Edge is out of the wizard's scope
          // ESU changes only the 2016 and 2019 routes.
          for (const hasEsu of b.product === 'Exchange 2016' || b.product === 'Exchange 2019' ? [false, true] : [false]) {
            const input = planInput(b.build, {
              serverName: 'EX1',
              osBuildNumber: os,
              osProductName: null,
              isEdge: role === 'edge',
              roles: role === 'edge' ? ['Edge'] : ['Mailbox'],
              dagName: role === 'dag' ? 'DAG1' : null,
              dotNetRelease: os >= 20348 ? 533325 : 528049,
            });
            const result = runbookFor([input], hasEsu);
            runs++;
            if (result.problems.length > 0) failures.push(`${b.build} (${b.product} ${b.cu} ${b.update ?? ''}) os ${os} ${role} esu ${hasEsu}:\n  ${result.problems.join('\n  ')}`);
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(300);
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('walks organisations mixing 2013, 2016, 2019 and SE (fast-check)', () => {
    const builds = sampledBuilds();
    const serverArb = fc.record({
      build: fc.constantFrom(...builds),
      role: fc.constantFrom('standalone', 'dag', 'edge'),
      osPick: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(serverArb, { minLength: 1, maxLength: 4 }), fc.boolean(), (picks, hasEsu) => {
        const inputs = picks.map((p, i) => {
          const oses = OS_BY_PRODUCT[p.build.product] ?? [17763];
          const os = oses[p.osPick % oses.length] as number;
          const edge = p.role === 'edge' && p.build.product !== 'Exchange 2013';
          return planInput(p.build.build, {
            serverName: `EX${i}`,
            osBuildNumber: os,
            osProductName: null,
            isEdge: edge,
            roles: edge ? ['Edge'] : ['Mailbox'],
            dagName: p.role === 'dag' ? 'DAG1' : null,
            dotNetRelease: os >= 20348 ? 533325 : 528049,
          });
        });
        const result = runbookFor(inputs, hasEsu);
        expect(result.problems).toEqual([]);
      }),
      { numRuns: 60, seed: 20261130 },
    );
  });
});

/** A CU's own build from the catalog (the grid names servers by product and CU). */
function cuBuild(product: string, cu: string): string {
  const record = catalog.cus.find(c => c.product === product && c.cu === cu);
  if (!record) throw new Error(`${product} ${cu} is not in the catalog`);
  return record.build;
}

const OS_OF: Record<string, number> = { 'Exchange 2013': 9600, 'Exchange 2016': 14393, 'Exchange 2019': 17763, 'Exchange SE': 20348 };

function server(name: string, product: string, cu: string, extra: Partial<PlanInput> = {}): PlanInput {
  const os = OS_OF[product] ?? 17763;
  return planInput(cuBuild(product, cu), { serverName: name, osBuildNumber: os, osProductName: null, dotNetRelease: os >= 20348 ? 533325 : 528049, ...extra });
}

describe('plan simulator: coexistence minimums (2019 and SE Setup need 2013 CU21+, 2016 CU11+)', () => {
  it('refuses the 2019 CU14 bridge while a 2013 server is below CU21', () => {
    const inputs = [server('EX13', 'Exchange 2013', 'CU20')];
    const plan = planOrganisation(inputs, { hasEsu: false, catalog, today });
    const sections = organisationChecklist(plan, [{ server: { name: 'EX13', fqdn: null, product: null, isEdge: false, dagName: null, redirectTarget: null }, plan: plan.servers[0]! }], { catalog });
    // Only the migration project, without the server's own update to CU23.
    const projectOnly = sections.filter(s => s.kind !== 'server');
    const result = simulateRunbook(inputs, projectOnly, { catalog, today, hasEsu: false });
    expect(result.problems.join('\n')).toMatch(/coexistence-minimum: Exchange 2019 CU14 Setup refuses while EX13 runs Exchange 2013 CU20 \(needs CU21 or later\)/);
  });

  it('plans 2013 to CU23 and its last SU before the bridge when it is below CU21', () => {
    const plan = planOrganisation([server('EX13', 'Exchange 2013', 'CU20')], { hasEsu: false, catalog, today });
    const ex13 = plan.servers[0]!;
    expect(ex13.steps.map(s => s.title).slice(0, 2)).toEqual(['Install Exchange 2013 CU23', 'Install Exchange 2013 CU23 Mar23SU (15.0.1497.48)']);
    expect(ex13.steps[0]?.why).toMatch(/Exchange 2019 CU14 Setup refuses while an Exchange 2013 server runs a CU older than CU21/);
    expect(plan.coexistenceFirst).toEqual(['EX13']);
    // Already at CU21: the migration only, as before.
    expect(planOrganisation([server('EX13', 'Exchange 2013', 'CU21')], { hasEsu: false, catalog, today }).servers[0]?.steps.map(s => s.kind)).toEqual(['legacy-migration']);
  });

  const GRID: { name: string; servers: PlanInput[] }[] = [
    { name: '2013 CU20 alone', servers: [server('EX13', 'Exchange 2013', 'CU20')] },
    { name: '2013 CU20 + 2016 CU8', servers: [server('EX13', 'Exchange 2013', 'CU20'), server('EX16', 'Exchange 2016', 'CU8')] },
    { name: '2016 CU8 alone', servers: [server('EX16', 'Exchange 2016', 'CU8')] },
    { name: '2016 CU8 DAG pair', servers: [server('EX16A', 'Exchange 2016', 'CU8', { dagName: 'DAG1' }), server('EX16B', 'Exchange 2016', 'CU10', { dagName: 'DAG1' })] },
    { name: '2013 CU20 + 2016 CU23', servers: [server('EX13', 'Exchange 2013', 'CU20'), server('EX16', 'Exchange 2016', 'CU23')] },
    { name: '2013 CU23 + 2016 CU10', servers: [server('EX13', 'Exchange 2013', 'CU23'), server('EX16', 'Exchange 2016', 'CU10')] },
    // The 2019 server sorts first by name: its CU15 Setup must still wait for the 2016 server.
    { name: '2016 CU8 + 2019 CU10', servers: [server('EX-A', 'Exchange 2019', 'CU10'), server('EX-B', 'Exchange 2016', 'CU8')] },
    { name: '2013 CU20 + 2016 CU8 + 2019 CU11', servers: [server('EX-A', 'Exchange 2019', 'CU11'), server('EX-B', 'Exchange 2016', 'CU8'), server('EX-C', 'Exchange 2013', 'CU20')] },
    { name: '2016 CU8 + 2016 Edge CU9', servers: [server('EX16', 'Exchange 2016', 'CU8'), server('EDGE16', 'Exchange 2016', 'CU9', { isEdge: true, roles: ['Edge'] })] },
  ];
  for (const { name, servers } of GRID) {
    for (const hasEsu of [false, true]) {
      it(`${name}${hasEsu ? ' with ESU' : ''}: no Setup refused, every server ends supported`, () => {
        expect(runbookFor(servers, hasEsu).problems).toEqual([]);
      });
    }
  }
});

/** The runbook of an organisation planned with (or without) where the hierarchy is, walked with the hierarchy on `on`. */
function hierarchyRun(servers: PlanInput[], observed: ObservedPublicFolderHierarchy | undefined, on: string | null) {
  const plan = planOrganisation(servers, { hasEsu: false, catalog, today, ...(observed ? { publicFolderHierarchy: observed } : {}) });
  const planned = plan.servers.map(p => ({ server: { name: p.serverName, fqdn: null, product: null, isEdge: false, dagName: null, redirectTarget: null }, plan: p }));
  const sections = organisationChecklist(plan, planned, { catalog });
  return { plan, sections, result: simulateRunbook(servers, sections, { catalog, today, hasEsu: false, publicFolderHierarchy: on }) };
}

const onEx02: ObservedPublicFolderHierarchy = { state: 'on-server', server: 'ex02', mailbox: 'PF-Hierarchy', database: 'DB-Staff', unknownWhy: null };

describe('plan simulator: Extended Protection waits for the public-folder hierarchy (2016 CU22 / 2019 CU11 or older)', () => {
  // The demo's pair: EX01's CU15 Setup turns Extended Protection on, the hierarchy is on EX02 (2016 CU22).
  const pair = () => [server('EX01', 'Exchange 2019', 'CU11'), server('EX02', 'Exchange 2016', 'CU22')];

  it('refuses a Setup that turns Extended Protection on while the hierarchy is still on 2016 CU22 elsewhere', () => {
    // Planned without knowing where the hierarchy is: EX01 sorts first and its CU15 Setup comes before EX02's update.
    const { result } = hierarchyRun(pair(), undefined, 'EX02');
    expect(result.problems.join('\n')).toMatch(/public-folder-hierarchy: Setup turns on Extended Protection while the public-folder hierarchy is on EX02 \(Exchange 2016 CU22\)/);
  });

  it('plans the server holding the hierarchy first, so no Setup is refused', () => {
    const { plan, result } = hierarchyRun(pair(), onEx02, 'EX02');
    expect(plan.order[0]).toBe('EX02');
    expect(plan.publicFolderFirst).toEqual(['EX02']);
    expect(plan.notes.join('\n')).toMatch(/EX02 holds the public-folder hierarchy on Exchange 2016 CU22: it is updated first/);
    expect(result.problems).toEqual([]);
    // EX01's Setup that turns Extended Protection on says why it may.
    const ex01 = plan.servers.find(p => p.serverName === 'EX01')!;
    const pf = ex01.steps.flatMap(s => s.prerequisites).find(p => p.id === 'public-folder-hierarchy');
    expect(pf).toMatchObject({ met: true });
    expect(pf?.detail).toMatch(/EX02's own update comes first/);
  });

  it('the hierarchy on the server whose own Setup turns Extended Protection on is no reason to refuse', () => {
    const { result } = hierarchyRun([server('EX01', 'Exchange 2019', 'CU11')], { ...onEx02, server: 'ex01' }, 'EX01');
    expect(result.problems).toEqual([]);
  });

  it('a hierarchy on a newer build, or no public folders, changes nothing in the order', () => {
    const newer = [server('EX01', 'Exchange 2019', 'CU11'), server('EX02', 'Exchange 2016', 'CU23')];
    expect(hierarchyRun(newer, onEx02, 'EX02').plan.order[0]).toBe('EX01');
    expect(hierarchyRun(newer, onEx02, 'EX02').result.problems).toEqual([]);
    const none = hierarchyRun(pair(), { state: 'none', server: null, mailbox: null, database: null, unknownWhy: null }, null);
    expect(none.plan.order[0]).toBe('EX01');
    expect(
      none.plan.servers
        .find(p => p.serverName === 'EX01')!
        .steps.flatMap(s => s.prerequisites)
        .find(p => p.id === 'public-folder-hierarchy'),
    ).toMatchObject({ met: true, detail: expect.stringMatching(/no public folders/) });
  });

  it('not known: the Setup says so with the command to read it, and the Extended Protection check keeps that command', () => {
    const unknown: ObservedPublicFolderHierarchy = { state: 'unknown', server: null, mailbox: null, database: null, unknownWhy: "no Mailbox server's Exchange Management Shell answered the scan" };
    const { plan, sections } = hierarchyRun(pair(), unknown, null);
    const pf = plan.servers
      .find(p => p.serverName === 'EX01')!
      .steps.flatMap(s => s.prerequisites)
      .find(p => p.id === 'public-folder-hierarchy');
    expect(pf).toMatchObject({ met: null });
    expect(pf?.detail).toMatch(/not known: no Mailbox server's Exchange Management Shell answered the scan\. Read it .*RootPublicFolderMailbox\.HierarchyMailboxGuid/);
    const ep = sections.find(s => s.server === 'EX01')!.items.find(i => i.id === 'extended-protection')!;
    expect(ep.commands.join('\n')).toMatch(/RootPublicFolderMailbox\.HierarchyMailboxGuid/);
    // Read by the scan: the check states it and asks nothing.
    const read = hierarchyRun(pair(), onEx02, 'EX02')
      .sections.find(s => s.server === 'EX01')!
      .items.find(i => i.id === 'extended-protection')!;
    expect(read.commands.join('\n')).not.toMatch(/RootPublicFolderMailbox/);
    expect(read.detail).toMatch(/hierarchy mailbox PF-Hierarchy is on EX02 \(Exchange 2016 CU22\)/);
  });

  it("a hierarchy on Exchange 2013 no own update can raise: the new server's Setup is refused until it moves", () => {
    const on13: ObservedPublicFolderHierarchy = { ...onEx02, server: 'EX13' };
    const { plan, result } = hierarchyRun([server('EX13', 'Exchange 2013', 'CU23')], on13, 'EX13');
    expect(plan.notes.join('\n')).toMatch(/EX13 holds the public-folder hierarchy on Exchange 2013 CU23 and its own plan does not take it past/);
    const pf = plan.servers[0]!.migration!.newServerSteps.flatMap(s => s.prerequisites).find(p => p.id === 'public-folder-hierarchy');
    expect(pf).toMatchObject({ met: false });
    expect(result.problems.join('\n')).toMatch(/public-folder-hierarchy: Setup turns on Extended Protection while the public-folder hierarchy is on EX13 \(Exchange 2013 CU23\)/);
  });
});

describe('plan simulator: Extended Protection and Outlook Anywhere SSL offloading', () => {
  // EX19 on 2019 CU14 with Extended Protection off on its virtual directories (as the demo's EX03):
  // its SE Setup turns it on. TLS is right, so only SSL offloading can stop it.
  const epOff = (sslOffloading: boolean | null, why: string | null = null): PlanInput =>
    server('EX19', 'Exchange 2019', 'CU14', {
      extendedProtection: {
        belowRecommended: ['Default Web Site/OWA: None, Require expected', 'Default Web Site/RPC: None, Require expected'],
        tlsProblems: [],
        tlsVersionsEnabled: ['1.2'],
        lmCompatibilityLevel: null,
        sslOffloading,
        sslOffloadingUnknownWhy: why,
      },
    });

  function run(input: PlanInput, choices?: Record<string, 'enable' | 'keep-off' | 'keep-off-front-end-ews'>) {
    const plan = planOrganisation([input], { hasEsu: false, catalog, today, ...(choices ? { extendedProtectionChoices: choices } : {}) });
    const sections = organisationChecklist(plan, [{ server: { name: 'EX19', fqdn: null, product: null, isEdge: false, dagName: null, redirectTarget: null }, plan: plan.servers[0]! }], { catalog });
    return { plan, sections, result: simulateRunbook([input], sections, { catalog, today, hasEsu: false }) };
  }

  it('refuses the Setup that turns Extended Protection on while Outlook Anywhere offloads SSL, with the reason', () => {
    const { sections } = run(epOff(true));
    const withoutFix = sections.map(s => ({ ...s, items: s.items.filter(i => i.id !== 'fix-ssl-offloading') }));
    const problems = simulateRunbook([epOff(true)], withoutFix, { catalog, today, hasEsu: false }).problems.join('\n');
    expect(problems).toMatch(
      /ssl-offloading: Setup turns on Extended Protection while EX19's Outlook Anywhere shows SSLOffloading True: make the load balancer pass SSL through or bridge it with the same certificate/,
    );
  });

  it('plans the fix first: load balancer, then Set-OutlookAnywhere in the Exchange Management Shell, and the runbook walks clean', () => {
    const { plan, sections, result } = run(epOff(true));
    expect(result.problems).toEqual([]);
    const se = plan.servers[0]!.steps.find(s => s.prerequisites.some(p => p.id === 'ssl-offloading'))!;
    expect(se.prerequisites.find(p => p.id === 'ssl-offloading')).toMatchObject({
      met: false,
      detail: expect.stringMatching(/shows SSLOffloading True\. Extended Protection isn't supported with SSL offloading/),
    });
    const items = sections.find(s => s.server === 'EX19')!.items;
    const fix = items.find(i => i.id === 'fix-ssl-offloading')!;
    expect(fix.runsOn).toEqual({ kind: 'exchange-shell', server: 'EX19', elevated: false });
    expect(fix.commands).toEqual([
      "Set-OutlookAnywhere -Identity 'EX19\\Rpc (Default Web Site)' -SSLOffloading $false -InternalClientsRequireSsl $true -ExternalClientsRequireSsl $true",
      "Get-OutlookAnywhere -Server 'EX19' | Format-List Identity, SSLOffloading, InternalClientsRequireSsl, ExternalClientsRequireSsl",
    ]);
    expect(fix.detail).toMatch(/same certificate as Exchange.*Or run this Setup with \/DoNotEnableEP/);
    // The Setup waits for the fix.
    expect(items.find(i => i.effect?.type === 'setup')?.heldBy).toContain('fix-ssl-offloading');
  });

  it('keeping Extended Protection off (/DoNotEnableEP) meets it: no fix, the Setup carries the switch', () => {
    const { plan, sections, result } = run(epOff(true), { EX19: 'keep-off' });
    expect(result.problems).toEqual([]);
    expect(plan.servers[0]!.steps.flatMap(s => s.prerequisites).some(p => p.id === 'ssl-offloading')).toBe(false);
    const items = sections.find(s => s.server === 'EX19')!.items;
    expect(items.some(i => i.id === 'fix-ssl-offloading')).toBe(false);
    expect(items.find(i => i.effect?.type === 'setup')?.commands.join('\n')).toMatch(/\/DoNotEnableEP/);
  });

  it('off front-end EWS only (/DoNotEnableEP_FEEWS) still turns it on elsewhere: the fix stays', () => {
    const { sections } = run(epOff(true), { EX19: 'keep-off-front-end-ews' });
    expect(sections.find(s => s.server === 'EX19')!.items.some(i => i.id === 'fix-ssl-offloading')).toBe(true);
  });

  it('not read: the Extended Protection check says why and shows the command that reads it; read as off, it asks nothing', () => {
    const { plan, sections, result } = run(epOff(null, 'the scan could not read it (Get-OutlookAnywhere failed)'));
    expect(result.problems).toEqual([]);
    expect(plan.servers[0]!.steps.flatMap(s => s.prerequisites).find(p => p.id === 'ssl-offloading')).toMatchObject({ met: null });
    const ep = sections.find(s => s.server === 'EX19')!.items.find(i => i.id === 'extended-protection')!;
    expect(ep.detail).toMatch(/Whether Outlook Anywhere on EX19 offloads SSL was not read: the scan could not read it \(Get-OutlookAnywhere failed\)/);
    expect(ep.commands).toContain("Get-OutlookAnywhere -Server 'EX19' | Format-List Identity, SSLOffloading, InternalClientsRequireSsl, ExternalClientsRequireSsl");
    const off = run(epOff(false))
      .sections.find(s => s.server === 'EX19')!
      .items.find(i => i.id === 'extended-protection')!;
    expect(off.commands.join('\n')).not.toMatch(/Get-OutlookAnywhere/);
    expect(off.detail).toMatch(/Outlook Anywhere on EX19 does not offload SSL/);
  });
});
