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
/** The report's first page, up to the risk of doing nothing. */
function decisionPage(html: string): string {
  return html.slice(html.indexOf('id="decisions"'), html.indexOf('The risk of doing nothing'));
}

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

  it('the decision page licenses the servers that run Exchange SE after the plan, not the ones removed, and names the new ones for what they replace (issue 25.7)', () => {
    const byServer = (a: { server: string }, b: { server: string }) => a.server.localeCompare(b.server);
    expect([...(report.decisions.licences ?? [])].sort(byServer)).toEqual([...cost.licences].sort(byServer));
    expect(report.decisions.seLicences).toEqual(expect.arrayContaining(['EX01', 'EX03', 'new server replacing EX02', 'new server replacing EX04']));
    expect(report.decisions.seLicences).not.toContain('EX02');
    expect(report.decisions.seLicences).not.toContain('EX04');
    expect(report.decisions.seLicences).not.toContain('EXSE01');
    const page = decisionPage(html);
    expect(page).toMatch(/Exchange SE licences for \d+ servers<\/strong>: [^<]*EX01[^<]*\(upgraded in place\), new server replacing EX02, new server replacing EX04; EXSE0\d, EXSE0\d have one\./);
    expect(page).toContain('SE RTM accepts Exchange 2019 product keys');
    expect(page).toContain('without a key (Set-ExchangeServer -ProductKey) a server runs as a 180-day trial.');
  });

  it('the decision page names the servers that can take the mailboxes before new ones are bought (issue 25.8)', () => {
    expect(report.decisions.reuse?.map(r => r.servers)).toEqual([['EXSE01', 'EXSE02', 'EX01', 'EX03']]);
    expect(decisionPage(html)).toContain(
      'Use what is there first:</strong> EXSE01 and EXSE02 run Exchange SE now, and EX01 and EX03 will after their own upgrade: the mailboxes of EX02 and EX04 can move there, and no new server is needed if they have room',
    );
    expect(cost.newServers.canTakeMailboxes).toEqual(['EXSE01', 'EXSE02', 'EX01', 'EX03']);
  });

  it('counts a server that did not answer as not checked, never as cut off, as the decision page does (issue 25, low)', () => {
    const unreachable = scan.servers.filter(s => !s.reachable).map(s => s.name);
    expect(unreachable).toEqual(['EX04']);
    const cutOff = cost.doNothing.filter(line => /Cut off since/.test(line));
    expect(cutOff.length).toBeGreaterThan(0);
    for (const line of cutOff) expect(line).not.toMatch(/\bEX04\b/);
    expect(cost.doNothing).toContain('EX04 could not be checked: whether it gets emergency mitigations is unknown.');
    expect(report.decisions.risks.filter(r => r.cutoff !== null).flatMap(r => r.servers)).not.toContain('EX04');
  });

  it('the decision page offers Exchange Online instead of the new servers (issue 25.9), as the wizard does', () => {
    expect(report.decisions.cloudAlternative).toBe(cost.cloudAlternative);
    expect(decisionPage(html)).toContain('<li><strong>Or no new servers:</strong> The mailboxes can move to Exchange Online instead');
  });
});
