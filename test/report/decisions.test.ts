import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { planOrganisation, reuseSentence } from '../../src-shared/knowledge/organisation-planner';
import type { PlanInput } from '../../src-shared/knowledge/types';
import { CLOUD_ALTERNATIVE, resultingLicences } from '../../src-shared/wizard/cost-summary';
import { planInput } from '../helpers/plan-input';

const catalog = builtInCatalog();
const today = catalog.asOf;

/** Product of a build as the scan names it, for the licences (what each server runs now). */
function productOf(build: string | null): string | null {
  if (build === null) return null;
  if (build.startsWith('15.0.')) return 'Exchange 2013';
  if (build.startsWith('15.1.')) return 'Exchange 2016';
  return build >= '15.2.2562' ? 'Exchange SE' : 'Exchange 2019';
}

function planned(inputs: PlanInput[]) {
  const plan = planOrganisation(inputs, { hasEsu: false, catalog, today });
  const servers = plan.servers.map(p => ({ name: p.serverName, product: productOf(inputs.find(i => i.serverName === p.serverName)?.build ?? null), plan: p }));
  return { plan, project: plan.migrations?.[0], licences: resultingLicences(servers, plan.migrations ?? []) };
}

// Real builds: 2016 CU23 Oct25SU, 2019 CU14 Nov26SU-era, 2019 CU11, 2013 CU23, SE RTM.
const EX16 = planInput('15.1.2507.61', { serverName: 'EX02', osBuildNumber: 14393 });
const EX19CU14 = planInput('15.2.1544.33', { serverName: 'EX01', osBuildNumber: 20348 });
const EX19CU11 = planInput('15.2.986.36', { serverName: 'EX01', osBuildNumber: 17763 });
const EXSE = planInput('15.2.2562.57', { serverName: 'EXSE01', osBuildNumber: 26100 });
const EX13 = planInput('15.0.1497.48', { serverName: 'EX13', osBuildNumber: 9600, osProductName: 'Windows Server 2012 R2 Standard' });

describe('use what is there (issue 25.8): servers on the target, now or after their own plan, before a new one is bought', () => {
  it('a 2019 CU14 server upgraded in place to SE takes the 2016 mailboxes: "EX01 will run Exchange SE after its own upgrade"', () => {
    const { project } = planned([EX16, EX19CU14]);
    expect(project?.existingTargetServers).toEqual([]);
    expect(project?.targetServersAfterOwnPlan).toEqual(['EX01']);
    const text = reuseSentence(project!);
    expect(text).toBe(
      "EX01 will run Exchange SE after its own upgrade: the mailboxes of EX02 can move there, and no new server is needed if it has room (disk for the mailboxes and their logs, memory; size with Microsoft's guidance).",
    );
    expect(project?.notes).toContain(`Use what is there first: ${text}`);
  });

  it('a 2019 CU11 server counts too once its own plan takes it to SE', () => {
    const { project } = planned([EX16, EX19CU11]);
    expect(project?.targetServersAfterOwnPlan).toEqual(['EX01']);
  });

  it('an SE server takes them now', () => {
    const { project } = planned([EX16, EXSE]);
    expect(project?.existingTargetServers).toEqual(['EXSE01']);
    expect(reuseSentence(project!)).toMatch(/^EXSE01 runs Exchange SE now: the mailboxes of EX02 can move there/);
  });

  it('beside Exchange 2013, a 2019 CU14 server (the bridge) takes the 2013 mailboxes now; none counts "after its own upgrade", which waits for 2013 to go', () => {
    const { project } = planned([EX13, { ...EX19CU14, serverName: 'EX19' }]);
    expect(project?.route.newServerProduct).toBe('Exchange 2019');
    expect(project?.existingTargetServers).toEqual(['EX19']);
    expect(project?.targetServersAfterOwnPlan).toEqual([]);
    expect(reuseSentence(project!)).toMatch(/^EX19 runs Exchange 2019 CU14 or later now: the mailboxes of EX13 can move there/);
  });

  it('says nothing when no server can take them', () => {
    const { project } = planned([EX16]);
    expect(reuseSentence(project!)).toBeNull();
  });
});

describe('licences per resulting server (issue 25.7)', () => {
  it('one per server that runs Exchange after the plan: upgrades in place, and the new server named for the one it replaces; none for the removed one', () => {
    const { licences } = planned([EX16, EX19CU14, planInput('15.1.2507.61', { serverName: 'EDGE16', isEdge: true, roles: ['Edge'], osBuildNumber: 14393 })]);
    expect(licences).toEqual([
      { server: 'EX01', product: 'Exchange SE', changes: true, newServer: false, replaces: null },
      { server: 'new server replacing EX02', product: 'Exchange SE', changes: true, newServer: true, replaces: 'EX02' },
      { server: 'new Edge server replacing EDGE16', product: 'Exchange SE', changes: true, newServer: true, replaces: 'EDGE16' },
    ]);
  });

  it('a server already on SE keeps its licence (no change)', () => {
    const { licences } = planned([EXSE]);
    expect(licences).toEqual([{ server: 'EXSE01', product: 'Exchange SE', changes: false, newServer: false, replaces: null }]);
  });
});

describe('Exchange Online as the alternative to new servers (issue 25.9)', () => {
  it('says what Learn says: subscriptions, cutover (at most 2,000, 150 or fewer recommended) or hybrid, an Exchange server kept for recipient management under directory sync', () => {
    expect(CLOUD_ALTERNATIVE).toMatch(/subscription/);
    expect(CLOUD_ALTERNATIVE).toMatch(/cutover migration \(all at once, at most 2,000; Microsoft recommends 150 or fewer\)/);
    expect(CLOUD_ALTERNATIVE).toMatch(/hybrid deployment/);
    expect(CLOUD_ALTERNATIVE).toMatch(/while directory synchronisation runs, Microsoft says to keep an on-premises Exchange server to manage the recipients/);
    // Staged migration is for Exchange 2003 and 2007 only: never offered here.
    expect(CLOUD_ALTERNATIVE).not.toMatch(/staged/i);
  });
});
