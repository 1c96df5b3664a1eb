import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  builtInCatalog,
  findUpdatePackage,
  packagesForSteps,
  planInputFromFacts,
  planOrganisation,
  planServer,
  type PlanInput,
  type ServerPlan,
} from '../../src-shared/knowledge/index';
import { ServerPlan as ServerPlanSchema, OrganisationPlan as OrganisationPlanSchema } from '../../src-shared/knowledge/types';
import type { ServerFacts } from '../../src-shared/domain/facts';

const GB = 1024 ** 3;
function server(build: string | null, extra: Partial<PlanInput> = {}): PlanInput {
  return {
    serverName: 'EX01',
    build,
    isEdge: false,
    roles: ['Mailbox'],
    osProductName: 'Windows Server 2019 Datacenter',
    osBuildNumber: 17763,
    dotNetRelease: 528040,
    vcRedist2012: '11.0.61030',
    vcRedist2013: '12.0.40664',
    ucmaInstalled: true,
    urlRewriteInstalled: true,
    dagName: null,
    installDriveFreeBytes: 80 * GB,
    ...extra,
  };
}
const kinds = (p: ServerPlan) => p.steps.map(s => s.kind);
const su = (p: ServerPlan) => p.steps.filter(s => s.kind === 'install-su').map(s => s.resultingBuild);

function expectConsistent(plan: ServerPlan): void {
  expect(ServerPlanSchema.safeParse(plan).success).toBe(true);
  for (const step of plan.steps) {
    if (step.updateId === null) continue;
    const pkg = findUpdatePackage(step.updateId);
    expect(pkg, step.updateId).not.toBeNull();
    expect(pkg?.esuOnly).toBe(step.esuOnly);
    if (step.resultingBuild !== null) expect(pkg?.build).toBe(step.resultingBuild);
  }
}

describe('planServer without ESU (catalog as of 2026-11)', () => {
  it.each(['15.2.1748.39', '15.2.1748.10', '15.2.1748.55'])('2019 CU15 %s: in place to SE, then Nov26SU; no AD preparation', build => {
    const plan = planServer(server(build), { hasEsu: false });
    expect(kinds(plan)).toEqual(['in-place-upgrade', 'install-su']);
    expect(plan.steps[0]?.updateId).toBe('exchange-se-rtm-iso');
    expect(su(plan)).toEqual(['15.2.2562.57']);
    expect(plan.target).toEqual({ product: 'Exchange SE', cu: 'RTM', update: 'Nov26SU', build: '15.2.2562.57' });
    expect(plan.fixesEems).toBe(true);
    expect(plan.summary).toMatch(/only public path to a working EEMS/);
    expectConsistent(plan);
  });

  it('2019 CU14: /PrepareAD (org 16762 -> 16763), in place to SE, then Nov26SU', () => {
    const plan = planServer(server('15.2.1544.36'), { hasEsu: false });
    expect(kinds(plan)).toEqual(['prepare-ad', 'in-place-upgrade', 'install-su']);
    expect(plan.steps[0]?.why).toMatch(/16762 to 16763/);
    expect(plan.steps[0]?.commands).toEqual(['Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /PrepareAD']);
    expect(su(plan)).toEqual(['15.2.2562.57']);
    expectConsistent(plan);
  });

  it.each(['15.2.986.5', '15.2.986.42', '15.2.1118.25', '15.2.1258.39'])('2019 CU11-CU13 %s: CU15 (with /PrepareAD, no /PrepareSchema), SE in place, Nov26SU', build => {
    const plan = planServer(server(build), { hasEsu: false });
    expect(kinds(plan)).toEqual(['prepare-ad', 'install-cu', 'in-place-upgrade', 'install-su']);
    expect(plan.steps[1]).toMatchObject({ updateId: 'exchange-2019-cu15-iso', resultingBuild: '15.2.1748.10' });
    expect(plan.target?.build).toBe('15.2.2562.57');
    expect(plan.fixesEems).toBe(true);
    expectConsistent(plan);
  });

  it('2019 CU9 also needs /PrepareSchema (rangeUpper 17002 -> 17003)', () => {
    const plan = planServer(server('15.2.858.15'), { hasEsu: false });
    expect(kinds(plan)).toEqual(['prepare-schema', 'prepare-ad', 'install-cu', 'in-place-upgrade', 'install-su']);
  });

  it('2019 before CU9 (AD levels not in the catalog): prepares schema and AD to be sure', () => {
    const plan = planServer(server('15.2.792.15'), { hasEsu: false });
    expect(kinds(plan).slice(0, 2)).toEqual(['prepare-schema', 'prepare-ad']);
    expect(plan.steps[0]?.why).toMatch(/not in the catalog/);
  });

  it('2016 CU22: CU23, Oct25SU (the last public SU), then the migration to SE, saying EEMS gets no mitigation since July 2026', () => {
    const plan = planServer(server('15.1.2375.37', { osBuildNumber: 14393, osProductName: null }), { hasEsu: false });
    expect(kinds(plan)).toEqual(['prepare-ad', 'install-cu', 'install-su', 'legacy-migration']);
    expect(su(plan)).toEqual(['15.1.2507.61']);
    expect(plan.steps[2]?.why).toMatch(/last public one/);
    expect(plan.steps[3]?.updateId).toBe('exchange-se-rtm-iso');
    expect(plan.summary).toMatch(/On Exchange 2016 without ESU, EEMS will not meet the June 2026/);
    expect(plan.summary).toMatch(/cannot use any mitigation published since July 2026/);
    expect(plan.steps[1]?.prerequisites.find(p => p.id === 'os')?.met).toBe(true);
    expectConsistent(plan);
  });

  it('2016 CU23 on the last public SU: the migration only', () => {
    const plan = planServer(server('15.1.2507.61'), { hasEsu: false });
    expect(kinds(plan)).toEqual(['legacy-migration']);
  });

  it('2016 CU19 needs /PrepareSchema (15333 -> 15334)', () => {
    expect(kinds(planServer(server('15.1.2176.14'), { hasEsu: false })).slice(0, 2)).toEqual(['prepare-schema', 'prepare-ad']);
  });

  it.each([false, true])('2013 (ESU %s): migration only', hasEsu => {
    const plan = planServer(server('15.0.1497.48'), { hasEsu });
    expect(kinds(plan)).toEqual(['legacy-migration']);
    expect(plan.notes.join(' ')).toMatch(/never had the Emergency Mitigation Service/);
    expectConsistent(plan);
  });

  it('SE up to date: nothing to do', () => {
    const plan = planServer(server('15.2.2562.57'), { hasEsu: false });
    expect(kinds(plan)).toEqual(['none']);
    expect(plan.fixesEems).toBe(true);
    expect(plan.summary).toMatch(/Nothing to do/);
  });

  it.each(['15.2.2562.17', '15.2.2562.41', '15.2.2562.56'])('SE %s: the newest public SU', build => {
    const plan = planServer(server(build), { hasEsu: false });
    expect(kinds(plan)).toEqual(['install-su']);
    expect(plan.steps[0]?.updateId).toBe('exchange-se-rtm-nov26su-exe');
  });

  it('SE newer than the catalog: nothing to do, and it says the build is unknown', () => {
    const plan = planServer(server('15.2.2562.70'), { hasEsu: false });
    expect(kinds(plan)).toEqual(['none']);
    expect(plan.notes.join(' ')).toMatch(/newer catalog/);
  });
});

describe('planServer with ESU', () => {
  it.each([
    ['15.2.1748.39', '15.2.1748.55'],
    ['15.2.1544.36', '15.2.1544.50'],
    ['15.1.2507.61', '15.1.2507.77'],
  ])('%s: the newest ESU SU of its CU, from the ESU channel', (build, esuBuild) => {
    const plan = planServer(server(build), { hasEsu: true });
    const step = plan.steps.find(s => s.kind === 'install-su');
    expect(step).toMatchObject({ resultingBuild: esuBuild, esuOnly: true });
    expect(step?.why).toMatch(/ESU channel/);
    expect(plan.summary).toMatch(/ESU channel/);
    expectConsistent(plan);
  });

  it('2016 with ESU still ends with the migration; 2019 with ESU stays in place with a note', () => {
    expect(kinds(planServer(server('15.1.2507.61'), { hasEsu: true }))).toEqual(['install-su', 'legacy-migration']);
    const p19 = planServer(server('15.2.1748.39'), { hasEsu: true });
    expect(kinds(p19)).toEqual(['install-su']);
    expect(p19.target?.build).toBe('15.2.1748.55');
    expect(p19.fixesEems).toBe(true);
    expect(p19.notes.join(' ')).toMatch(/long-term path is Exchange SE/);
  });

  it('2019 CU12 with ESU: CU15 first (its own CU has no ESU update), then the ESU SU', () => {
    const plan = planServer(server('15.2.1118.40'), { hasEsu: true });
    expect(kinds(plan)).toEqual(['prepare-ad', 'install-cu', 'install-su']);
    expect(plan.steps[2]).toMatchObject({ resultingBuild: '15.2.1748.55', esuOnly: true });
  });

  it('already on the newest ESU SU: nothing to do', () => {
    expect(kinds(planServer(server('15.2.1748.55'), { hasEsu: true }))).toEqual(['none']);
  });

  it('SE is the same with and without ESU', () => {
    expect(planServer(server('15.2.2562.46'), { hasEsu: true }).steps).toEqual(planServer(server('15.2.2562.46'), { hasEsu: false }).steps);
  });
});

describe('planServer: prerequisites and special cases', () => {
  it('checks OS, .NET, Visual C++, UCMA, URL Rewrite and disk space, null where unknown', () => {
    const plan = planServer(
      server('15.2.1544.36', { osBuildNumber: 20348, osProductName: null, dotNetRelease: 461814, vcRedist2012: '11.0.50727', vcRedist2013: null, ucmaInstalled: false, urlRewriteInstalled: null, installDriveFreeBytes: 10 * GB }),
      { hasEsu: false },
    );
    const prereqs = Object.fromEntries((plan.steps.find(s => s.kind === 'in-place-upgrade')?.prerequisites ?? []).map(p => [p.id, p.met]));
    expect(prereqs).toEqual({ os: true, dotnet: false, 'vcredist-2012': false, 'vcredist-2013': null, ucma: false, 'url-rewrite': null, 'disk-space': false });
    const dotnet = plan.steps.find(s => s.kind === 'in-place-upgrade')?.prerequisites.find(p => p.id === 'dotnet');
    expect(dotnet?.detail).toMatch(/533320/);
  });

  it('an OS the target does not support is flagged with the reason', () => {
    const plan = planServer(server('15.1.2507.61', { osBuildNumber: 17763 }), { hasEsu: false });
    expect(plan.steps.map(s => s.kind)).toEqual(['legacy-migration']);
    const cu = planServer(server('15.1.2375.37', { osBuildNumber: 17763 }), { hasEsu: false }).steps.find(s => s.kind === 'install-cu');
    const os = cu?.prerequisites.find(p => p.id === 'os');
    expect(os?.met).toBe(false);
    expect(os?.detail).toMatch(/new server is needed/);
  });

  it('Edge Transport: no VC++ 2013, UCMA or URL Rewrite checks, and no EEMS to fix', () => {
    const plan = planServer(server('15.2.1748.39', { isEdge: true, roles: ['Edge'] }), { hasEsu: false });
    const ids = plan.steps.find(s => s.kind === 'in-place-upgrade')?.prerequisites.map(p => p.id);
    expect(ids).toEqual(['os', 'dotnet', 'vcredist-2012', 'disk-space']);
    // Edge servers are outside the forest: no AD preparation even from CU14.
    expect(kinds(planServer(server('15.2.1544.36', { isEdge: true }), { hasEsu: false }))).toEqual(['in-place-upgrade', 'install-su']);
    expect(plan.fixesEems).toBe(false);
    expect(plan.notes.join(' ')).toMatch(/Edge Transport servers have no Emergency Mitigation Service/);
  });

  it('a DAG member gets the maintenance-mode note', () => {
    const plan = planServer(server('15.2.1748.39', { dagName: 'DAG1' }), { hasEsu: false });
    expect(plan.notes.join(' ')).toMatch(/DAG DAG1.*maintenance mode/);
  });

  it('unknown or unreadable builds give an empty plan that says why', () => {
    const unknown = planServer(server(null), { hasEsu: false });
    expect(unknown).toMatchObject({ target: null, steps: [], fixesEems: false });
    expect(unknown.summary).toMatch(/not known/);
    const garbage = planServer(server('not a build'), { hasEsu: false });
    expect(garbage.target).toBeNull();
    expect(garbage.summary).toMatch(/not an Exchange build number/);
  });

  it('a CU-level build assumes no SU is installed and says so', () => {
    const plan = planServer(server('Version 15.2 (Build 1748.10)'), { hasEsu: false });
    expect(kinds(plan)).toEqual(['in-place-upgrade', 'install-su']);
    expect(plan.notes.join(' ')).toMatch(/Only the CU of this server is known/);
  });

  it('packagesForSteps lists what the downloader needs, in order', () => {
    const plan = planServer(server('15.2.986.5'), { hasEsu: false });
    expect(packagesForSteps(plan.steps).map(p => p.id)).toEqual(['exchange-2019-cu15-iso', 'exchange-se-rtm-iso', 'exchange-se-rtm-nov26su-exe']);
  });

  it('never throws and always references existing packages, for every catalog build with and without ESU', () => {
    const builds = builtInCatalog().builds.map(b => b.build);
    fc.assert(
      fc.property(fc.constantFrom(...builds), fc.boolean(), fc.boolean(), (build, hasEsu, isEdge) => {
        const plan = planServer(server(build, { isEdge }), { hasEsu });
        expectConsistent(plan);
        expect(plan.steps.length).toBeGreaterThan(0);
        expect(plan.target).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('planInputFromFacts', () => {
  it('takes the ExSetup build, the install drive and the prerequisites; unknown stays null', () => {
    const facts = {
      schemaVersion: 1,
      collectedAt: '2026-11-26T10:00:00Z',
      collectionMethod: 'demo',
      identity: { name: 'EX01', fqdn: null, domain: null, site: null, roles: ['Mailbox'], edition: null, adminDisplayVersion: 'Version 15.2 (Build 986.5)', isEdge: false },
      exchange: { exSetupVersion: '15.02.0986.005', installPath: null, installedUpdates: [] },
      eems: { orgMitigationsEnabled: null, serverMitigationsEnabled: null, mitigationsApplied: [], mitigationsBlocked: [], dataCollectionEnabled: null, internetWebProxy: null, service: null, ocsTest: null, events1008: null, certificateLogLines: null },
      os: { productName: 'Windows Server 2019 Datacenter', version: '10.0.17763', buildNumber: 17763, ubr: null, installationType: null, lastBootUpTime: null, language: null },
      prerequisites: { dotNetRelease: 528040, vcRedist2012: '11.0.61030', vcRedist2013: null, ucmaInstalled: true, ucmaVersion: null, urlRewriteInstalled: null, urlRewriteVersion: null },
      reboot: null,
      disks: [
        { drive: 'C:', freeBytes: 20 * GB, sizeBytes: 100 * GB, isSystem: true, isExchangeInstall: false },
        { drive: 'E:', freeBytes: 60 * GB, sizeBytes: 200 * GB, isSystem: false, isExchangeInstall: true },
      ],
      certificates: null,
      authCertificate: null,
      maintenance: { inactiveComponents: [], dagName: 'DAG1', clusterNodeState: null, databaseCopyAutoActivationPolicy: null, databaseCopyActivationDisabledAndMoveNow: null },
      tls: null,
      extendedProtection: null,
      httpProxy: null,
      servicesNotRunning: null,
      sectionErrors: [],
    } satisfies ServerFacts;
    const input = planInputFromFacts(facts);
    expect(input).toEqual({
      serverName: 'EX01',
      build: '15.02.0986.005',
      isEdge: false,
      roles: ['Mailbox'],
      osProductName: 'Windows Server 2019 Datacenter',
      osBuildNumber: 17763,
      dotNetRelease: 528040,
      vcRedist2012: '11.0.61030',
      vcRedist2013: null,
      ucmaInstalled: true,
      urlRewriteInstalled: null,
      dagName: 'DAG1',
      installDriveFreeBytes: 60 * GB,
    });
    expect(planInputFromFacts({ ...facts, exchange: { ...facts.exchange, exSetupVersion: null } }).build).toBe('Version 15.2 (Build 986.5)');
    expect(planServer(input, { hasEsu: false }).target?.build).toBe('15.2.2562.57');
  });
});

describe('planOrganisation', () => {
  const org: PlanInput[] = [
    server('15.2.1544.36', { serverName: 'MBX-B', dagName: 'DAG1' }),
    server('15.2.1544.36', { serverName: 'MBX-A', dagName: 'DAG1' }),
    server('15.2.986.42', { serverName: 'SOLO' }),
    server('15.2.1748.39', { serverName: 'EDGE1', isEdge: true, roles: ['Edge'] }),
    server('15.0.1497.48', { serverName: 'OLD2013' }),
  ];

  it('prepares AD once (no schema change), then orders the servers safely and explains why', () => {
    const plan = planOrganisation(org, { hasEsu: false });
    expect(OrganisationPlanSchema.safeParse(plan).success).toBe(true);
    expect(plan.adPreparation).toMatchObject({ needed: true, prepareSchema: false, prepareAd: true });
    expect(plan.adPreparation.commands).toEqual(['Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /PrepareAD']);
    expect(plan.adPreparation.why).toMatch(/organisation objectVersion 16762 → 16763/);
    expect(plan.order).toEqual(['OLD2013', 'SOLO', 'MBX-A', 'MBX-B', 'EDGE1']);
    for (const s of plan.servers) expect(s.steps.some(step => step.kind === 'prepare-ad' || step.kind === 'prepare-schema')).toBe(false);
    expect(plan.servers.find(s => s.serverName === 'SOLO')?.notes.join(' ')).toMatch(/prepared once/);
    expect(plan.notes.join(' ')).toMatch(/DAG members one at a time/);
    expect(plan.notes.join(' ')).toMatch(/Exchange 2013 servers come first/);
  });

  it('/PrepareSchema only where the schema level rises', () => {
    const plan = planOrganisation([server('15.2.858.15', { serverName: 'CU9' }), server('15.2.1748.39', { serverName: 'CU15' })], { hasEsu: false });
    // A CU15 server exists, so the forest is already at 17003: no schema change.
    expect(plan.adPreparation.prepareSchema).toBe(false);
    const alone = planOrganisation([server('15.2.858.15')], { hasEsu: false });
    expect(alone.adPreparation).toMatchObject({ prepareSchema: true, prepareAd: true });
    expect(alone.adPreparation.commands).toHaveLength(3);
  });

  it('keeps each server\'s summary in line with its steps once AD preparation moves to the organisation', () => {
    const plan = planOrganisation([server('15.2.2562.57', { serverName: 'SE' }), server('15.2.986.36', { serverName: 'CU11' })], { hasEsu: false });
    const cu11 = plan.servers.find(s => s.serverName === 'CU11');
    expect(plan.adPreparation.needed).toBe(false);
    expect(cu11?.steps.map(s => s.kind)).toEqual(['install-cu', 'in-place-upgrade', 'install-su']);
    expect(cu11?.summary).not.toMatch(/Prepare Active Directory/);
    expect(cu11?.summary).toMatch(/^Install Exchange 2019 CU15, then /);
    expect(cu11?.notes.join(' ')).toMatch(/already at the level this plan needs/);
  });

  it('known forest levels are used as given', () => {
    const plan = planOrganisation([server('15.2.1544.36')], { hasEsu: false, currentAdLevels: { schema: 17003, domain: 13243, org: 16763 } });
    expect(plan.adPreparation).toMatchObject({ needed: false, commands: [] });
  });

  it('an SE server already in the forest means AD is at the SE level; it comes last with nothing to do', () => {
    const plan = planOrganisation([server('15.2.2562.57', { serverName: 'NEWSE' }), server('15.2.1544.36', { serverName: 'OLD' })], { hasEsu: false });
    expect(plan.adPreparation.needed).toBe(false);
    expect(plan.order).toEqual(['OLD', 'NEWSE']);
  });

  it('an up-to-date organisation needs nothing', () => {
    const plan = planOrganisation([server('15.2.2562.57', { serverName: 'A' }), server('15.2.2562.57', { serverName: 'B' })], { hasEsu: true });
    expect(plan.adPreparation.needed).toBe(false);
    expect(plan.order).toEqual(['A', 'B']);
  });
});
