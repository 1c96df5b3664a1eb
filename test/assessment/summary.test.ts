import { describe, expect, it } from 'vitest';
import { summariseOrganisation } from '../../src-shared/assessment/summary';
import type { ServerScanResult } from '../../src-shared/assessment/scan-report';
import { reportFromScan } from '../../src-shared/report';
import { THIRD_CERTIFICATE_RULE } from '../helpers/third-certificate-rule';
import { REPORT_OPTIONS, sampleScan } from '../report/fixtures';

/**
 * EX05 blocked by a third rule whose label says nothing about its date ("Zebra") and which took
 * effect before the 2023 one: the cut-offs are ordered by the rule's date, never by parsing labels.
 */
function withZebraBlock() {
  const scan = sampleScan();
  const ex01 = scan.servers.find(s => s.name === 'EX01') as ServerScanResult;
  const ex05 = scan.servers.find(s => s.name === 'EX05') as ServerScanResult;
  const zebra = {
    ...(ex01.classification?.certificateRules[0] as NonNullable<ServerScanResult['classification']>['certificateRules'][number]),
    id: THIRD_CERTIFICATE_RULE.id,
    cutoff: 'Zebra',
    effectiveDate: '2022-01-15',
    wording: THIRD_CERTIFICATE_RULE.wording,
  };
  ex05.eems = { ...(ex01.eems as NonNullable<ServerScanResult['eems']>), cutoff: 'Zebra' };
  ex05.classification = { ...(ex01.classification as NonNullable<ServerScanResult['classification']>), certificateRules: [zebra, ...(ex01.classification?.certificateRules ?? [])] };
  return scan;
}

describe('the organisation summary', () => {
  it('orders certificate-blocked servers by the date of the rule that cut them off', () => {
    const summary = summariseOrganisation(withZebraBlock().servers);
    expect(summary.blockedByCertificate.map(b => [b.name, b.cutoff])).toEqual([
      ['EX05', 'Zebra'],
      ['EX01', '2023-03'],
      ['LEGACY16', '2026-06'],
    ]);
  });

  it('is the one count the report says: same severities and the same blocked list in the same order', () => {
    const scan = withZebraBlock();
    const organisation = summariseOrganisation(scan.servers);
    const report = reportFromScan({ ...scan, summary: organisation }, REPORT_OPTIONS);
    expect(report.summary.blockedByCertificate).toEqual(organisation.blockedByCertificate);
    expect(report.summary.bySeverity).toEqual(organisation.bySeverity);
    expect(report.summary.unreachableCount).toBe(organisation.unreachableCount);
    expect(report.summary.headline.indexOf('Zebra')).toBeLessThan(report.summary.headline.indexOf('March 2023'));
  });
});
