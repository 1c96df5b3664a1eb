import { describe, expect, it } from 'vitest';
import { summariseOrganisation } from '../../src-shared/assessment/summary';
import type { ServerScanResult } from '../../src-shared/assessment/scan-report';
import { builtInCatalog, parseCatalog, type Catalog } from '../../src-shared/knowledge';
import { explainModel } from '../../src-shared/wizard/explain-model';
import { releasedLabel } from '../../src-shared/wizard/server-labels';
import { THIRD_CERTIFICATE_RULE } from '../helpers/third-certificate-rule';
import { scanned, TODAY } from './scanned';

function report(servers: ServerScanResult[]) {
  return { servers, summary: summariseOrganisation(servers) };
}

describe('Explain: the organisation answer', () => {
  const servers = [
    scanned('EX01', '15.2.1118.25'), // 2019 CU12 Feb23SU: cut off since 2025
    scanned('EX02', '15.2.1748.39'), // 2019 CU15 Oct25SU: cut off since July 2026
    scanned('LEGACY16', '15.1.2507.39'), // 2016 CU23: needs a new server
    scanned('EXSE01', '15.2.2562.57'), // SE Nov26SU: working
  ];

  it('opens with yes, how many, by which cut-off and since when, and what fixes it', () => {
    const { answer } = explainModel(report(servers), TODAY);
    const cutOff = servers.filter(s => s.eems?.verdict === 'blocked-by-certificate').length;
    expect(answer.tone).toBe('cut-off');
    expect(answer.headline).toBe(`Yes — ${cutOff} of your 4 servers ${cutOff === 1 ? 'is' : 'are'} cut off`);
    expect(answer.cutoffs[0]).toMatchObject({ headline: 'Cut off since January 2025: builds older than March 2023', servers: ['EX01'] });
    expect(answer.cutoffs[1]?.headline).toMatch(/^Cut off since July 2026: /);
    expect(answer.cutoffs[1]?.servers).toContain('EX02');
    expect(answer.fix).toMatch(/updated in place/);
    expect(answer.unknown).toBeNull();
  });

  it('counts a 2016 server as a new server, not an in-place update', () => {
    const legacy = scanned('LEGACY16', '15.1.2507.39');
    expect(legacy.eems?.verdict).toBe('blocked-by-certificate');
    const { answer } = explainModel(report([legacy]), TODAY);
    expect(answer.fix).toBe('Only updating fixes it: 1 new Exchange server to replace older ones (with a mailbox move). The Plan step shows the order.');
  });

  it('says no when nothing is cut off, and "not known" when a server could not be checked', () => {
    expect(explainModel(report([scanned('EXSE01', '15.2.2562.57')]), TODAY).answer.headline).toBe('No — none of your 1 server is cut off by a certificate change');
    const withUnreachable = explainModel(report([scanned('EXSE01', '15.2.2562.57'), scanned('EX04', '15.2.2562.57', { reachable: false })]), TODAY);
    expect(withUnreachable.answer.tone).toBe('unknown');
    expect(withUnreachable.answer.unknown).toMatch(/^1 server could not be checked \(EX04\)/);
  });

  it('groups servers by status, worst first, with no database phrasing in the words', () => {
    const model = explainModel(report(servers), TODAY);
    expect(model.groups.map(g => g.status)).toEqual(['cut-off', 'working']);
    const ex01 = model.groups[0]?.servers.find(s => s.name === 'EX01');
    expect(ex01?.headline).toBe('Cut off since January 2025: builds older than March 2023');
    expect(ex01?.released).toBe('Feb 2023, 3 years old');
    for (const group of model.groups) for (const s of group.servers) expect(`${s.headline} ${s.explanation}`).not.toMatch(/minimum for this CU line|\(20\d\d-\d\d\)/);
  });

  it('draws one dot per dated server against a line per rule, and says so in words', () => {
    const { timeline } = explainModel(report(servers), TODAY);
    expect(timeline.points.map(p => p.name).sort()).toEqual(['EX01', 'EX02', 'EXSE01', 'LEGACY16']);
    expect(timeline.lines.map(l => l.label)).toHaveLength(2);
    expect(timeline.description).toContain('EX01 is older');
    expect(timeline.from <= '2023-01-01').toBe(true);
  });
});

describe('Explain: a third cut-off is worded from its data like the first two', () => {
  const catalog: Catalog = structuredClone(builtInCatalog());
  catalog.certificateRules.push(structuredClone(THIRD_CERTIFICATE_RULE));
  const parsed = parseCatalog(catalog);
  const today = '2027-02-01';
  // SE Jun26SU passes March 2023 and June 2026 but not the hypothetical 2027 rule.
  const servers = [scanned('EXSE02', '15.2.2562.53', { catalog: parsed, today }), scanned('EX01', '15.2.1118.25', { catalog: parsed, today })];

  it('names it, dates it and explains it only from the rule', () => {
    const model = explainModel(report(servers), today);
    const zebra = model.answer.cutoffs.find(c => c.ruleId === THIRD_CERTIFICATE_RULE.id);
    expect(zebra).toEqual({
      ruleId: THIRD_CERTIFICATE_RULE.id,
      headline: 'Cut off since January 2027: builds older than the Zebra 2027 update',
      servers: ['EXSE02'],
      serversText: '1 server: EXSE02',
    });
    const first = model.answer.cutoffs.find(c => c.servers.includes('EX01'));
    expect(first?.headline).toBe('Cut off since January 2025: builds older than March 2023');
    const server = model.groups.flatMap(g => g.servers).find(s => s.name === 'EXSE02');
    expect(server?.headline).toBe('Cut off since January 2027: builds older than the Zebra 2027 update');
    expect(server?.whyUpdatingFixes).toBe('The Zebra 2027 update teaches EEMS the zebra key.');
    expect(model.timeline.lines.find(l => l.ruleId === THIRD_CERTIFICATE_RULE.id)).toEqual({ ruleId: THIRD_CERTIFICATE_RULE.id, date: '2027-01-12', label: 'Zebra 2027 cut-off' });
    expect(model.timeline.description).toContain('Zebra 2027 cut-off at 2027-01-12: EX01, EXSE02 are older');
  });

  it('says "from" for a cut-off that has not taken effect yet', () => {
    const before = explainModel(report([scanned('EXSE02', '15.2.2562.53', { catalog: parsed, today: '2026-12-01' })]), '2026-12-01');
    expect(before.answer.cutoffs.map(c => c.headline)).toEqual(['Cut off from January 2027: builds older than the Zebra 2027 update']);
    expect(before.timeline.lines.map(l => l.label)).toContain('Zebra 2027 cut-off');
  });
});

describe('human dates', () => {
  it('says month, year and age', () => {
    expect(releasedLabel('2022-11-08', '2026-11-30')).toBe('Nov 2022, 4 years old');
    expect(releasedLabel('2022-11-08', '2023-11-07')).toBe('Nov 2022, 11 months old');
    expect(releasedLabel('2026-06', '2026-11-30')).toBe('Jun 2026, 5 months old');
    expect(releasedLabel('2025-11-30', '2026-11-30')).toBe('Nov 2025, 1 year old');
    expect(releasedLabel(null, '2026-11-30')).toBeNull();
  });
});

describe('names of discovered versions', () => {
  it('says the product and CU as the scan does', async () => {
    const { discoveredVersionLabel } = await import('../../src-shared/wizard/server-labels');
    expect(discoveredVersionLabel('Version 15.2 (Build 986.5)')).toBe('Exchange 2019 CU11');
    expect(discoveredVersionLabel('15.2.1118.25')).toBe('Exchange 2019 CU12 Feb23SU');
    expect(discoveredVersionLabel('not a version')).toBe('not a version');
    expect(discoveredVersionLabel(null)).toBeNull();
  });
});
