import { describe, expect, it } from 'vitest';
import { reportFromScan } from '../../src-shared/report/build';
import { buildAgeChart } from '../../src-shared/report/html/charts';
import { renderHtml } from '../../src-shared/report/html/render';
import { parseReport, parseJsonText, renderJson } from '../../src-shared/report/json';
import { THIRD_CERTIFICATE_RULE } from '../helpers/third-certificate-rule';
import { REPORT_OPTIONS, sampleScan } from './fixtures';

/**
 * The report half of "a certificate rule is data, wording included": a server
 * cut off by a third rule (as a catalog with that rule would classify it) is
 * worded from the rule's data and gets its line on the timeline, like the
 * first two, also from a saved JSON report read back without the catalog.
 */
function scanCutOffByTheThirdRule() {
  const scan = sampleScan();
  const server = scan.servers.find(s => s.name === 'EX02');
  if (!server?.classification || !server.eems) throw new Error('fixture changed');
  const { minimumBuilds: _m, borderlineBuilds: _b, symptoms: _s, sources: _src, summary: _sum, fix: _f, ...rule } = THIRD_CERTIFICATE_RULE;
  server.classification.certificateRules.push({ ...rule, satisfied: false, borderline: false, minimumBuild: '15.2.2562.57', reason: 'Older than the Zebra 2027 update.' });
  server.eems = { ...server.eems, verdict: 'blocked-by-certificate', cutoff: THIRD_CERTIFICATE_RULE.cutoff };
  return scan;
}

describe('a third certificate rule in the report', () => {
  const report = reportFromScan(scanCutOffByTheThirdRule(), { ...REPORT_OPTIONS, generatedAt: '2027-02-01T09:00:00Z' });

  it('carries the rule with its wording, so a saved report renders without the catalog', () => {
    expect(report.certificateRules.map(r => r.cutoff)).toEqual(['2023-03', '2026-06', '2027-01']);
    const back = parseReport(parseJsonText(renderJson(report)));
    expect(back.certificateRules[2]?.wording.name).toBe('Zebra 2027');
  });

  it('words the cut-off from its data: headline, risk of doing nothing, status table, server page', () => {
    expect(report.summary.headline).toContain('by the Zebra 2027 change');
    const risk = report.decisions.risks.find(r => r.cutoff === '2027-01');
    expect(risk).toMatchObject({ servers: ['EX02'], since: '2027-01-15' });
    expect(risk?.text).toContain('Cut off since January 2027: builds older than the Zebra 2027 update');
    expect(risk?.text).toContain('EEMS cannot use mitigations signed with the January 2027 key.');
    const html = renderHtml(report);
    expect(html).toContain('Blocked by the certificate change (Zebra 2027)');
    expect(html).toContain('(Zebra 2027 certificate change)');
  });

  it('draws its line on the timeline with its own label, like the first two', () => {
    const chart = buildAgeChart(report) ?? '';
    for (const label of ['Mar 2023 cut-off', 'Jun 2026 cut-off', 'Zebra 2027 cut-off']) expect(chart).toContain(`>${label}</text>`);
    expect(chart.match(/class="cutoff"/g)).toHaveLength(3);
  });
});
