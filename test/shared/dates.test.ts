import { describe, expect, it } from 'vitest';
import { daysBetween, parseIsoDate } from '../../src-shared/domain/dates';
import { analyseServer } from '../../src-shared/analysis';
import { classification, healthyFacts } from '../analysis/fixtures';

describe('dates, whatever the culture of the server or of this computer', () => {
  it('reads ISO dates and date-times, a zone-less date-time as UTC', () => {
    expect(parseIsoDate('2026-11-26')).toBe(Date.UTC(2026, 10, 26));
    expect(parseIsoDate('2026-11-26T10:00:00Z')).toBe(Date.UTC(2026, 10, 26, 10));
    expect(parseIsoDate('2026-11-26T10:00:00.1234567Z')).toBe(Date.UTC(2026, 10, 26, 10, 0, 0, 123));
    expect(parseIsoDate('2026-11-26T11:00:00+01:00')).toBe(Date.UTC(2026, 10, 26, 10));
    expect(parseIsoDate('2026-11-26T10:00:00')).toBe(Date.UTC(2026, 10, 26, 10));
  });

  it('refuses culture-formatted dates instead of guessing their order', () => {
    // [DateTime]::ToString() on Windows PowerShell under en-US, en-GB, de-DE, fr-FR and ja-JP.
    for (const text of ['11/3/2026 10:00:00 AM', '03/11/2026 10:00:00', '03.11.2026 10:00:00', '03/11/2026 10:00:00', '2026/11/03 10:00:00', 'Tuesday, 3 November 2026']) {
      expect(parseIsoDate(text), text).toBeNull();
    }
    expect(parseIsoDate('2026-02-30')).toBeNull();
    expect(daysBetween('2026-11-26', '03.12.2026 10:00:00')).toBeNull();
    expect(daysBetween('2026-11-26', '2026-12-03T10:00:00Z')).toBe(7);
  });

  it('says a certificate date it cannot read is unknown, not that it expired', () => {
    // A localised NotAfter (en-US "12/1/2026 …" would be read by Date.parse as 1 December, under en-GB it is 12 January).
    const base = healthyFacts();
    const cert = base.certificates?.[0];
    expect(cert).toBeDefined();
    const facts = healthyFacts({ certificates: [{ ...cert!, notAfter: '12/1/2026 10:00:00 AM' }] } as never);
    const findings = analyseServer({ facts, classification: classification(), plan: null, error: null, today: '2026-11-26', organisationHasEsu: false }).findings;
    expect(findings.filter(f => f.severity === 'critical' && /expires|expired/.test(JSON.stringify(f)))).toEqual([]);
  });
});
