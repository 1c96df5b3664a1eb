import { describe, expect, it } from 'vitest';
import { ScanReport } from '../../src-shared/assessment/scan-report';
import { isInstallStep } from '../../src-shared/knowledge/step-kinds';
import { explainModel } from '../../src-shared/wizard/explain-model';
import { findingFixItems } from '../../src-shared/wizard/fix-items';
import { organisationChecklistForScan } from '../../src-shared/wizard/organisation-checklist';
import { demoScan } from '../helpers/demo-scan';
import { TODAY } from './scanned';

/**
 * Nothing looks safe when it is not (issue 28): in the demo, EXSE02 runs the newest build but a
 * proxy blocks Microsoft's mitigation service and it is stuck in maintenance mode; EX04 was not
 * scanned. Neither may be green on the timeline, and EXSE02 gets a runbook section to fix it.
 */
describe('servers that are not safe in the demo', () => {
  const scan = ScanReport.parse(JSON.parse(demoScan().report ?? 'null'));
  const server = (name: string) => scan.servers.find(s => s.name === name)!;

  it('gives a server with nothing to install but a blocker its fix items, in a section of its own', () => {
    expect((server('EXSE02').plan?.steps ?? []).filter(isInstallStep)).toHaveLength(0);
    const section = organisationChecklistForScan(scan).find(s => s.id === 'server-EXSE02');
    expect(section?.items.map(i => i.id)).toEqual(expect.arrayContaining(['fix-exchange.maintenance', 'fix-eems.ocs-reachable']));
    expect(section?.items.every(i => i.kind === 'fix')).toBe(true);
  });

  it('gives a working server with nothing wrong no fix items', () => {
    expect(findingFixItems(server('EXSE01'))).toEqual([]);
    expect(organisationChecklistForScan(scan).some(s => s.id === 'server-EXSE01')).toBe(false);
  });

  it('marks the timeline: at risk, unknown and working are different marks, and only the working server is ok', () => {
    const marks = Object.fromEntries(explainModel(scan, TODAY).timeline.points.map(p => [p.name, p.mark]));
    expect(marks.EXSE02).toBe('at-risk');
    expect(marks.EX04 ?? 'unknown').toBe('unknown');
    expect(marks.EXSE01).toBe('ok');
    expect(marks.EX01).toBe('cut-off');
  });
});
