import { describe, expect, it } from 'vitest';
import type { ObservedDomainController, ObservedForest } from '../../src-shared/domain/ad-levels';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { forestPrerequisites } from '../../src-shared/knowledge/forest-requirements';
import { planOrganisation } from '../../src-shared/knowledge/organisation-planner';
import type { PlanInput } from '../../src-shared/knowledge/types';
import { organisationChecklist } from '../../src-shared/wizard/organisation-checklist';
import { simulateRunbook } from '../../src-shared/wizard/plan-simulator';
import { decisionsOf } from '../../src-shared/report/decisions';
import { planInput } from '../helpers/plan-input';

const catalog = builtInCatalog();
const today = catalog.asOf;

/** Domain controllers as discovery reads them: operatingSystem as Windows writes it on the computer object. */
const dc = (name: string, operatingSystem: string | null, extra: Partial<ObservedDomainController> = {}): ObservedDomainController => ({
  name,
  site: 'HQ',
  operatingSystem,
  isGlobalCatalog: true,
  isReadOnly: false,
  isSchemaMaster: false,
  ...extra,
});
const forest = (functionalLevel: number | null, domainControllers: ObservedDomainController[] | null): ObservedForest => ({ functionalLevel, domainControllers, error: null });
const met = (f: ObservedForest | null, sites = ['HQ']) => Object.fromEntries(forestPrerequisites(f, sites).map(p => [p.id, p.met]));

describe('what Exchange 2019/SE need of the forest', () => {
  it('met when the level is 2012 R2 or higher and every writable DC and the schema master run 2012 R2 or later', () => {
    expect(met(forest(6, [dc('dc01.contoso.local', 'Windows Server 2012 R2 Standard', { isSchemaMaster: true }), dc('dc02.contoso.local', 'Windows Server 2019 Datacenter')]))).toEqual({
      'forest-functional-level': true,
      'domain-controllers': true,
      'schema-master': true,
      'global-catalog-per-site': true,
    });
  });

  it('not met: level 2012 (5), a 2012 DC, a 2008 R2 schema master, a site without a writable global catalog; a read-only 2008 R2 DC does not count', () => {
    const f = forest(5, [
      dc('dc01.contoso.local', 'Windows Server 2008 R2 Enterprise', { isSchemaMaster: true }),
      dc('dc02.contoso.local', 'Windows Server 2012 Standard', { site: 'Leeds', isGlobalCatalog: false }),
      dc('rodc.contoso.local', 'Windows Server 2008 R2 Standard', { site: 'Leeds', isReadOnly: true }),
    ]);
    const result = forestPrerequisites(f, ['HQ', 'Leeds']);
    expect(Object.fromEntries(result.map(p => [p.id, p.met]))).toEqual({ 'forest-functional-level': false, 'domain-controllers': false, 'schema-master': false, 'global-catalog-per-site': false });
    expect(result.find(p => p.id === 'domain-controllers')?.detail).toMatch(/dc01\.contoso\.local \(Windows Server 2008 R2 Enterprise\), dc02\.contoso\.local \(Windows Server 2012 Standard\)/);
    expect(result.find(p => p.id === 'global-catalog-per-site')?.detail).toMatch(/No writable global catalog in Leeds/);
  });

  it('a Windows Server 2025 schema master is to check (the November 2025 update); unread is unknown with how to read it', () => {
    const result = forestPrerequisites(forest(10, [dc('dc01.contoso.local', 'Windows Server 2025 Datacenter', { isSchemaMaster: true })]), ['HQ']);
    expect(result.find(p => p.id === 'schema-master')).toMatchObject({ met: null });
    expect(result.find(p => p.id === 'schema-master')?.detail).toMatch(/November 2025 cumulative update/);
    const unread = forestPrerequisites(null, ['HQ']);
    expect(unread.map(p => p.met)).toEqual([null, null, null, null]);
    expect(unread[0]?.detail).toMatch(/Get-ADForest/);
  });
});

describe('the forest holds AD preparation and every 2019/SE Setup', () => {
  const old = forest(5, [dc('dc01.contoso.local', 'Windows Server 2012 Standard', { isSchemaMaster: true })]);
  const inputs: PlanInput[] = [planInput('15.2.986.42', { serverName: 'EX19', site: 'HQ' })];
  const observed = (f: ObservedForest | null) => ({
    schemaRangeUpper: 17003,
    organisationObjectVersion: 16759,
    domains: [{ name: 'contoso.local', objectVersion: 13242 }],
    readAt: '2026-11-30T10:00:00Z',
    error: null,
    forest: f,
  });

  function runbook(f: ObservedForest | null) {
    const plan = planOrganisation(inputs, { hasEsu: false, catalog, today, observedAdLevels: observed(f) });
    const servers = plan.servers.map(p => ({ server: { name: p.serverName, fqdn: null, product: null, isEdge: false, dagName: null, redirectTarget: null }, plan: p }));
    return { plan, sections: organisationChecklist(plan, servers, { catalog }) };
  }

  it('a 2012 domain controller: the plan says so, the runbook fixes it before AD preparation and Setup, the owner sees a domain controller upgrade', () => {
    const { plan, sections } = runbook(old);
    expect(plan.adPreparation.prerequisites?.filter(p => p.met === false).map(p => p.id)).toEqual(['forest-functional-level', 'domain-controllers', 'schema-master']);
    const cu15 = plan.servers[0]?.steps.find(s => s.kind === 'install-cu');
    expect(cu15?.prerequisites.find(p => p.id === 'domain-controllers')).toMatchObject({ met: false });
    const ad = sections.find(s => s.id === 'ad-preparation');
    expect(ad?.items.find(i => i.id === 'ad-prepare')?.heldBy).toEqual(['fix-forest-functional-level', 'fix-domain-controllers', 'fix-schema-master']);
    expect(simulateRunbook(inputs, sections, { catalog, today, hasEsu: false, forest: old }).problems).toEqual([]);
    const unfixed = sections.map(s => ({ ...s, items: s.items.filter(i => i.kind !== 'fix') }));
    const problems = simulateRunbook(inputs, unfixed, { catalog, today, hasEsu: false, forest: old }).problems.join('\n');
    expect(problems).toMatch(/ad-prepare: forest: Exchange SE Setup prepares AD only in a forest at Windows Server 2012 R2 level/);
    expect(problems).toMatch(/install-exchange-2019-cu15: forest: Exchange 2019 CU15 Setup needs the forest/);
    const decisions = decisionsOf([], [], today, plan.adPreparation.prerequisites);
    expect(decisions.domainControllers?.map(d => d.title)).toEqual([
      'Domain controller upgrade: Forest functional level Windows Server 2012 R2 or higher',
      'Domain controller upgrade: Every writable domain controller on Windows Server 2012 R2 or later',
      'Domain controller upgrade: Schema master on Windows Server 2012 R2 or later',
    ]);
  });

  it('not read: the AD preparation says so with how to read it; nothing holds the Setup; no decision line', () => {
    const { plan, sections } = runbook(null);
    expect(plan.adPreparation.prerequisites?.every(p => p.met === null)).toBe(true);
    expect(sections.find(s => s.id === 'ad-preparation')?.items.find(i => i.id === 'forest-check')?.commands[0]).toMatch(/Get-ADForest/);
    expect(plan.servers[0]?.steps.some(s => s.prerequisites.some(p => p.id === 'domain-controllers'))).toBe(false);
    expect(decisionsOf([], [], today, plan.adPreparation.prerequisites).domainControllers).toBeUndefined();
  });
});
