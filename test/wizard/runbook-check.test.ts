import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src-shared/assessment/scan-report';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { planOrganisation } from '../../src-shared/knowledge/organisation-planner';
import { organisationChecklist } from '../../src-shared/wizard/organisation-checklist';
import { withSimulatedRefusals } from '../../src-shared/wizard/runbook-check';
import { formatChecklist } from '../../electron/cli/commands/checklist';
import { planInput } from '../helpers/plan-input';

const catalog = builtInCatalog();

/** A scan that knows only each server's build (discovery's version), as a server that did not answer. */
function scanOf(servers: { name: string; build: string }[]): ScanReport {
  return {
    generatedAt: `${catalog.asOf}T10:00:00Z`,
    organisationHasEsu: false,
    adLevels: null,
    servers: servers.map(s => ({ name: s.name, fqdn: null, roles: ['Mailbox'], versionHint: s.build, facts: null, reachable: false })),
  } as unknown as ScanReport;
}

describe('every runbook goes through the plan simulator (issue 29, item 3)', () => {
  const servers = [
    { name: 'EX19', build: '15.2.986.42' },
    { name: 'EX13', build: '15.0.1497.48' },
  ];
  const inputs = servers.map(s => planInput(s.build, { serverName: s.name, osBuildNumber: s.name === 'EX13' ? 9600 : 17763 }));
  const plan = planOrganisation(inputs, { hasEsu: false, catalog, today: catalog.asOf });
  const planned = plan.servers.map(p => ({ server: { name: p.serverName, fqdn: null, product: null, isEdge: false, dagName: null, redirectTarget: null }, plan: p }));

  it('the runbook as planned has no refused step', () => {
    const sections = withSimulatedRefusals(scanOf(servers), organisationChecklist(plan, planned, { catalog }), catalog);
    expect(sections.flatMap(s => s.items).filter(i => i.refusedBecause)).toEqual([]);
  });

  it('a step Setup would refuse carries the reason, and the printed runbook shows it blocked without its commands', () => {
    // Without the 2013 migration first, CU15 Setup meets Exchange 2013.
    const broken = organisationChecklist(plan, planned, { catalog }).filter(s => s.kind !== 'migration');
    const sections = withSimulatedRefusals(scanOf(servers), broken, catalog);
    const cu15 = sections.flatMap(s => s.items).find(i => i.id === 'install-exchange-2019-cu15');
    expect(cu15?.refusedBecause?.join('\n')).toMatch(/coexistence: Exchange 2019 CU15 Setup refuses while Exchange 2013 servers exist/);
    const text = formatChecklist({ madeFrom: 'scan', server: null, sections });
    const block = text.slice(text.indexOf('[BLOCKED] Install Exchange 2019 CU15'));
    expect(block).toMatch(/^\[BLOCKED\] Install Exchange 2019 CU15[^\n]*\n\s+blocked: coexistence:/);
    expect(block.split('done when:')[0]).not.toMatch(/> /);
  });
});
