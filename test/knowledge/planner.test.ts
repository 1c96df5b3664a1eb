import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  builtInCatalog,
  findUpdatePackage,
  packagesForSteps,
  planInputFromFacts,
  classifyBuild,
  planOrganisation,
  planServer,
  type PlanInput,
  type ServerPlan,
} from '../../src-shared/knowledge/index';
import { ServerPlan as ServerPlanSchema, OrganisationPlan as OrganisationPlanSchema } from '../../src-shared/knowledge/types';
import type { ServerFacts } from '../../src-shared/domain/facts';
import { planInput } from '../helpers/plan-input';

const GB = 1024 ** 3;
const server = planInput;
/** Extended Protection on every virtual directory as Learn's table asks, TLS as the guide sets it. */
const EP_ON = { belowRecommended: [], tlsProblems: [], tlsVersionsEnabled: ['1.2'], lmCompatibilityLevel: null };
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
    // Honest interim patching: the patch keeps the server safe, EEMS stays cut off until the migration.
    expect(plan.summary).toMatch(/Until the migration: Install Exchange 2016 CU23, then Install Exchange 2016 CU23 Oct25SU/);
    expect(plan.summary).toMatch(/EEMS on this server stays cut off until the migration is done/);
    expect(plan.ownFinalBuild).toBe('15.1.2507.61');
    expect(plan.ownBuildFixesEems).toBe(false);
    expect(plan.migration).toMatchObject({ fromProduct: 'Exchange 2016', toProduct: 'Exchange SE', newServerProduct: 'Exchange SE', finalBuild: '15.2.2562.57' });
    // Planned alone, the new server's AD preparation with the SE media comes first (15334 → 17003).
    expect(plan.migration?.newServerSteps.map(s => s.kind)).toEqual(['prepare-schema', 'prepare-ad', 'install-new-server', 'install-su']);
    expect(plan.migration?.newServerOs).toEqual(['Windows Server 2019', 'Windows Server 2022', 'Windows Server 2025']);
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

describe('planServer with ESU, while ESU still ran (September 2026)', () => {
  const during = { hasEsu: true, today: '2026-09-01' };
  it.each([
    ['15.2.1748.39', '15.2.1748.55'],
    ['15.2.1544.36', '15.2.1544.50'],
    ['15.1.2507.61', '15.1.2507.77'],
  ])('%s: the newest ESU SU of its CU, from the ESU channel', (build, esuBuild) => {
    const plan = planServer(server(build), during);
    const step = plan.steps.find(s => s.kind === 'install-su');
    expect(step).toMatchObject({ resultingBuild: esuBuild, esuOnly: true });
    expect(step?.why).toMatch(/ESU channel/);
    expect(plan.summary).toMatch(/ESU channel/);
    expectConsistent(plan);
  });

  it('2016 with ESU still ends with the migration; 2019 with ESU stays in place with a note', () => {
    expect(kinds(planServer(server('15.1.2507.61'), during))).toEqual(['install-su', 'legacy-migration']);
    const p19 = planServer(server('15.2.1748.39'), during);
    expect(kinds(p19)).toEqual(['install-su']);
    expect(p19.target?.build).toBe('15.2.1748.55');
    expect(p19.fixesEems).toBe(true);
    expect(p19.notes.join(' ')).toMatch(/long-term path is Exchange SE/);
  });

  it('2019 CU12 with ESU: CU15 first (its own CU has no ESU update), then the ESU SU', () => {
    const plan = planServer(server('15.2.1118.40'), during);
    expect(kinds(plan)).toEqual(['prepare-ad', 'install-cu', 'install-su']);
    expect(plan.steps[2]).toMatchObject({ resultingBuild: '15.2.1748.55', esuOnly: true });
  });

  it('already on the newest ESU SU: nothing to do', () => {
    expect(kinds(planServer(server('15.2.1748.55'), during))).toEqual(['none']);
  });

  it('SE is the same with and without ESU', () => {
    expect(planServer(server('15.2.2562.46'), during).steps).toEqual(planServer(server('15.2.2562.46'), { hasEsu: false, today: '2026-09-01' }).steps);
  });
});

describe('planServer with ESU after ESU ended (catalog date, November 2026)', () => {
  it.each(['15.2.1748.39', '15.2.1748.55', '15.2.1544.36'])('2019 %s with --esu targets SE in place; the ESU answer no longer keeps it on 2019', build => {
    const plan = planServer(server(build), { hasEsu: true });
    expect(plan.target?.product).toBe('Exchange SE');
    expect(kinds(plan)).toContain('in-place-upgrade');
    expect(plan.steps.some(s => s.esuOnly)).toBe(false);
    expect(plan.notes.join(' ')).toMatch(/Extended Security Updates for Exchange 2019 ended on 2026-10-31/);
  });

  it('2016 with ESU: the newest ESU update is only an interim stop before the migration', () => {
    const plan = planServer(server('15.1.2507.61'), { hasEsu: true });
    expect(kinds(plan)).toEqual(['install-su', 'legacy-migration']);
    expect(plan.target?.product).toBe('Exchange SE');
    expect(plan.notes.join(' ')).toMatch(/only an interim stop/);
  });
});

describe('planServer: prerequisites and special cases', () => {
  it('checks OS, .NET, Visual C++, UCMA, URL Rewrite and disk space, null where unknown', () => {
    const plan = planServer(
      server('15.2.1544.36', {
        osBuildNumber: 20348,
        osProductName: null,
        dotNetRelease: 461814,
        vcRedist2012: '11.0.50727',
        vcRedist2013: null,
        ucmaInstalled: false,
        urlRewriteInstalled: null,
        installDriveFreeBytes: 10 * GB,
      }),
      { hasEsu: false },
    );
    const prereqs = Object.fromEntries((plan.steps.find(s => s.kind === 'in-place-upgrade')?.prerequisites ?? []).map(p => [p.id, p.met]));
    // Extended Protection, TLS and SSL offloading were not read: Setup's turning it on is to be checked (null), never assumed fine.
    expect(prereqs).toEqual({
      os: true,
      dotnet: false,
      'vcredist-2012': false,
      'vcredist-2013': null,
      ucma: false,
      'url-rewrite': null,
      'disk-space': false,
      'extended-protection': null,
      'tls-consistent': null,
      'ssl-offloading': null,
    });
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
      eems: {
        orgMitigationsEnabled: null,
        serverMitigationsEnabled: null,
        mitigationsApplied: [],
        mitigationsBlocked: [],
        dataCollectionEnabled: null,
        internetWebProxy: null,
        service: null,
        ocsTest: null,
        events1008: null,
        certificateLogLines: null,
      },
      os: { productName: 'Windows Server 2019 Datacenter', version: '10.0.17763', buildNumber: 17763, ubr: null, installationType: null, lastBootUpTime: null, language: null },
      prerequisites: { dotNetRelease: 528049, vcRedist2012: '11.0.61030', vcRedist2013: null, ucmaInstalled: true, ucmaVersion: null, urlRewriteInstalled: null, urlRewriteVersion: null },
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
      dotNetRelease: 528049,
      vcRedist2012: '11.0.61030',
      vcRedist2013: null,
      ucmaInstalled: true,
      urlRewriteInstalled: null,
      dagName: 'DAG1',
      installDriveFreeBytes: 60 * GB,
      site: null,
      extendedProtection: {
        belowRecommended: null,
        tlsProblems: null,
        tlsVersionsEnabled: null,
        lmCompatibilityLevel: null,
        sslOffloading: null,
        sslOffloadingUnknownWhy: 'the scan predates this check (an older probe or collector)',
      },
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

  it('with a 2013 server, prepares AD with SE media only after 2013 is gone, then orders the servers safely and explains why', () => {
    const plan = planOrganisation(org, { hasEsu: false });
    expect(OrganisationPlanSchema.safeParse(plan).success).toBe(true);
    // SE and 2019 CU15 Setup (and their /PrepareAD) refuse while 2013 exists: the organisation's
    // first preparation can only use media that runs beside 2013, and 2019 CU14 is already in AD.
    expect(plan.adPreparation).toMatchObject({ needed: false, levelsSource: 'inferred' });
    const project = plan.migrations?.find(m => m.fromProduct === 'Exchange 2013');
    expect(project?.route.newServerProduct).toBe('Exchange 2019');
    expect(project?.route.newServerCu).toBe('CU14');
    expect(project?.route.afterRemovalSteps.map(s => s.kind)).toEqual(['prepare-ad', 'in-place-upgrade', 'install-su']);
    expect(plan.order).toEqual(['OLD2013', 'SOLO', 'MBX-A', 'MBX-B', 'EDGE1']);
    for (const s of plan.servers) expect(s.steps.some(step => step.kind === 'prepare-ad' || step.kind === 'prepare-schema')).toBe(false);
    expect(plan.servers.find(s => s.serverName === 'SOLO')?.notes.join(' ')).toMatch(/done once for the whole organisation/);
    expect(plan.notes.join(' ')).toMatch(/DAG members follow one at a time/);
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

  it("keeps each server's summary in line with its steps once AD preparation moves to the organisation", () => {
    const plan = planOrganisation([server('15.2.2562.57', { serverName: 'SE' }), server('15.2.986.36', { serverName: 'CU11' })], { hasEsu: false });
    const cu11 = plan.servers.find(s => s.serverName === 'CU11');
    expect(plan.adPreparation.needed).toBe(false);
    expect(cu11?.steps.map(s => s.kind)).toEqual(['install-cu', 'in-place-upgrade', 'install-su']);
    expect(cu11?.summary).not.toMatch(/Prepare Active Directory/);
    expect(cu11?.summary).toMatch(/^Install Exchange 2019 CU15, then /);
    expect(cu11?.notes.join(' ')).toMatch(/done once for the whole organisation/);
    expect(plan.adPreparation.why).toMatch(/No server in the plan needs a higher Active Directory level/);
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

describe('migrations, Extended Protection and AD levels (issue 12)', () => {
  it('2013 CU23 routes through Exchange 2019 CU14 on a new server before SE (SE Setup refuses beside 2013)', () => {
    const plan = planServer(server('15.0.1497.48'), { hasEsu: false });
    expect(plan.migration).toMatchObject({ fromProduct: 'Exchange 2013', newServerProduct: 'Exchange 2019', newServerCu: 'CU14', toProduct: 'Exchange SE', finalBuild: '15.2.2562.57' });
    expect(plan.migration?.newServerSteps.map(s => [s.kind, s.resultingBuild])).toEqual([
      ['prepare-schema', null],
      ['prepare-ad', null],
      ['install-new-server', '15.2.1544.4'],
      ['install-su', '15.2.1544.36'],
    ]);
    expect(plan.migration?.afterRemovalSteps.map(s => s.kind)).toEqual(['prepare-ad', 'in-place-upgrade', 'install-su']);
    expect(plan.steps[0]).toMatchObject({ kind: 'legacy-migration', updateId: 'exchange-2019-cu14-iso' });
    expect(plan.steps[0]?.title).toMatch(/Exchange 2019 CU14 on a new server, then Exchange SE/);
  });

  it.each(['15.2.986.42', '15.2.1118.40', '15.2.1258.39'])('2019 CU11–CU13 %s: CU15 Setup turns Extended Protection on; the step says so and offers /DoNotEnableEP', build => {
    const plan = planServer(server(build), { hasEsu: false });
    const cu15 = plan.steps.find(s => s.kind === 'install-cu');
    const ep = cu15?.prerequisites.find(p => p.id === 'extended-protection');
    expect(ep?.detail).toMatch(/SSL offloading/);
    expect(ep?.detail).toMatch(/LmCompatibilityLevel 3/);
    expect(ep?.detail).toMatch(/same TLS settings/);
    expect(ep?.detail).toMatch(/\/DoNotEnableEP /);
    expect(ep?.detail).toMatch(/\/DoNotEnableEP_FEEWS/);
    expect(plan.notes.join(' ')).toMatch(/turns on Extended Protection/);
    // The SE step after CU15 does not warn again: CU15 already turned it on.
    expect(plan.steps.find(s => s.kind === 'in-place-upgrade')?.prerequisites.some(p => p.id === 'extended-protection')).toBe(false);
  });

  it('2019 CU14 and CU15 with Extended Protection on as Learn asks, and Edge servers, get no Extended Protection warning', () => {
    for (const build of ['15.2.1544.36', '15.2.1748.39']) {
      expect(planServer(server(build, { extendedProtection: EP_ON }), { hasEsu: false }).steps.some(s => s.prerequisites.some(p => p.id === 'extended-protection'))).toBe(false);
    }
    expect(planServer(server('15.2.986.42', { isEdge: true }), { hasEsu: false }).steps.some(s => s.prerequisites.some(p => p.id === 'extended-protection'))).toBe(false);
  });

  it('a 2016-only organisation prepares AD with the SE media: /PrepareSchema, /PrepareAD, /PrepareAllDomains', () => {
    const plan = planOrganisation([server('15.1.2507.61', { serverName: 'EX2016' })], { hasEsu: false });
    expect(plan.adPreparation).toMatchObject({ needed: true, prepareSchema: true, prepareAd: true, media: 'Exchange SE', levelsSource: 'inferred' });
    expect(plan.adPreparation.commands).toEqual([
      'Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /PrepareSchema',
      'Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /PrepareAD',
      'Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /PrepareAllDomains',
    ]);
    expect(plan.adPreparation.why).toMatch(/schema 15334 → 17003/);
    expect(plan.adPreparation.why).toMatch(/organisation objectVersion 16223 → 16763/);
    expect(plan.adPreparation.howToRead).toMatch(/rangeUpper/);
    expect(plan.migrations).toHaveLength(1);
    expect(plan.migrations?.[0]).toMatchObject({ fromProduct: 'Exchange 2016', toProduct: 'Exchange SE', oldServers: ['EX2016'], newServerCount: 1 });
  });

  it('a 2013-only organisation prepares AD with the 2019 CU14 media first; levels unknown, so it says it assumes preparation is needed', () => {
    const plan = planOrganisation([server('15.0.1497.48', { serverName: 'EX2013' })], { hasEsu: false });
    expect(plan.adPreparation).toMatchObject({ needed: true, prepareSchema: true, prepareAd: true, media: 'Exchange 2019 CU14', levelsSource: 'unknown' });
    expect(plan.adPreparation.why).toMatch(/assumes the preparation is needed/);
  });

  it('observed AD levels are used when given; an unread part means "unknown", never "done"', () => {
    const observed = { schemaRangeUpper: 17003, organisationObjectVersion: 16763, domains: [{ name: 'contoso.com', objectVersion: 13243 }], readAt: '2026-11-30T10:00:00Z', error: null };
    const done = planOrganisation([server('15.1.2507.61')], { hasEsu: false, observedAdLevels: observed });
    expect(done.adPreparation).toMatchObject({ needed: false, levelsSource: 'observed', commands: [] });
    const partly = planOrganisation([server('15.1.2507.61')], { hasEsu: false, observedAdLevels: { ...observed, organisationObjectVersion: null, error: 'access denied' } });
    expect(partly.adPreparation).toMatchObject({ needed: true, levelsSource: 'inferred' });
    const lowDomain = planOrganisation([server('15.2.1748.39')], {
      hasEsu: false,
      observedAdLevels: { ...observed, domains: [...observed.domains, { name: 'child.contoso.com', objectVersion: 13236 }] },
    });
    expect(lowDomain.adPreparation.commands.some(c => c.endsWith('/PrepareAllDomains'))).toBe(true);
  });

  it('takes the classification as an input instead of classifying again', () => {
    const c = classifyBuild('15.2.1544.36', {});
    const forged = { ...c, product: 'Exchange SE' as const, cu: 'RTM', build: '15.2.2562.57', resolvedTo: null, buildPrecision: 'exact' as const };
    // The plan follows the classification it was given (a real caller passes the assessment's own).
    expect(planServer(server('15.2.1544.36'), { hasEsu: false, classification: forged }).steps.map(s => s.kind)).toEqual(['none']);
  });
});

describe('plan wording (issue 25, low)', () => {
  it('"keeps working" for a build that already passes every certificate change, "works again" for one cut off', () => {
    // SE RTM Sep26SUv2 passes both rules already; 2019 CU11 Mar23SU is cut off by June 2026.
    expect(planServer(server('15.2.2562.53', { osBuildNumber: 20348 }), { hasEsu: false }).summary).toMatch(/so EEMS keeps working\./);
    expect(planServer(server('15.2.986.42'), { hasEsu: false }).summary).toMatch(/so EEMS works again\./);
  });

  it('the CU15 step names the upgrade to SE as the next step, not an SU the plan does not have', () => {
    const cu15 = planServer(server('15.2.1258.39'), { hasEsu: false }).steps.find(s => s.kind === 'install-cu');
    expect(cu15?.why).toMatch(/After it: Upgrade in place to Exchange SE \(the next step\)\./);
    expect(cu15?.why).not.toMatch(/re-install the newest SU/);
  });

  it('an Edge migration: a new Edge server subscribed again (EdgeSync), no EEMS claim, no Extended Protection', () => {
    const plan = planServer(server('15.1.2507.61', { isEdge: true, roles: ['Edge'], osBuildNumber: 14393 }), { hasEsu: false });
    expect(plan.notes.join(' ')).toMatch(/New-EdgeSubscription; EdgeSync then keeps its recipients and connectors current/);
    expect(plan.summary).not.toMatch(/EEMS works/);
    expect(plan.migration?.newServerSteps.find(s => s.kind === 'install-new-server')?.why).not.toMatch(/Extended Protection/);
  });

  it('a 2016 migration says Exchange SE has no Unified Messaging', () => {
    const plan = planOrganisation([server('15.1.2507.61', { serverName: 'EX16', osBuildNumber: 14393 })], { hasEsu: false });
    expect(plan.migrations?.[0]?.notes.join(' ')).toMatch(/Exchange SE has no Unified Messaging: move voice mail and auto attendants \(Get-UMDialPlan\)/);
  });
});
