import { describe, expect, it } from 'vitest';
import { ScanReport } from '../../src-shared/assessment/scan-report';
import { reportFromScan } from '../../src-shared/report/build';
import { renderHtml } from '../../src-shared/report/html/render';
import { costSummary, newServerCount } from '../../src-shared/wizard/cost-summary';
import { explainModel } from '../../src-shared/wizard/explain-model';
import { demoScan } from '../helpers/demo-scan';
import { REPORT_OPTIONS } from '../report/fixtures';

/**
 * The cost answer is said on Explain, Plan, Upgrade and the report's decision page; these
 * compare its numbers across them for the demo organisation (scanned with the real probes).
 */
describe('the cost of the demo plan, one number everywhere', () => {
  const run = demoScan();
  const scan = ScanReport.parse(JSON.parse(run.report ?? 'null'));
  const today = REPORT_OPTIONS.generatedAt.slice(0, 10);
  const cost = costSummary(scan, today);
  const report = reportFromScan(scan, REPORT_OPTIONS);
  const html = renderHtml(report);

  it('needs new servers for the demo (so the comparisons below mean something)', () => {
    expect(cost.newServers.count).toBeGreaterThan(0);
    expect(cost.newServers.count).toBe(newServerCount(scan.plan?.migrations ?? []));
  });

  it('says the same number of new servers on Explain and in the report', () => {
    const n = cost.newServers.count;
    expect(explainModel(scan, today).answer.fix).toContain(`${n} new Exchange server`);
    const said = [...html.matchAll(/(\d+) new Windows Servers?/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(said).toBe(n);
  });

  it('books the same maintenance windows and hours as the report', () => {
    const byServer = (a: { server: string }, b: { server: string }) => a.server.localeCompare(b.server);
    expect([...report.decisions.windows].sort(byServer)).toEqual([...cost.windows].sort(byServer));
    expect(cost.totalHours).toBe(report.decisions.windows.reduce((sum, w) => sum + w.hours, 0));
  });

  it('names a licence for every server left after the plan, the new ones included', () => {
    const kept = scan.servers.filter(s => !cost.newServers.replaces.includes(s.name) && s.product);
    expect(cost.licences).toHaveLength(kept.length + cost.newServers.count);
  });
});
