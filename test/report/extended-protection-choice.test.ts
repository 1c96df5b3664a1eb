import { describe, expect, it } from 'vitest';
import { planWithExtendedProtectionChoices } from '../../src-shared/assessment/extended-protection-choices';
import { reassessFromFacts } from '../../src-shared/assessment/reassess-from-facts';
import { renderReportText } from '../../src-shared/report';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { reportFromSession } from '../../src-shared/report/build';
import { renderHtml } from '../../src-shared/report/html/render';
import { parseReport } from '../../src-shared/report/json';
import { REPORT_OPTIONS, sampleSession } from './fixtures';

/** The sample session as the engine loads it (its scan assessed with the built-in catalog). */
function loaded() {
  const session = sampleSession();
  if (!session.scan) throw new Error('the sample session has a scan');
  return { ...session, scan: reassessFromFacts(session.scan, builtInCatalog()) };
}

/** The sample session with the admin's choice for EX01, as the engine saves it. */
function sessionKeepingEpOff() {
  const session = loaded();
  return { ...session, extendedProtectionChoices: { EX01: 'keep-off' as const }, scan: planWithExtendedProtectionChoices(session.scan, { EX01: 'keep-off' }, builtInCatalog()) };
}

describe('the Extended Protection choice in the report', () => {
  it("is recorded for a server whose Setup turns it on: Microsoft's default until the admin chooses, printed only when kept off", () => {
    const report = reportFromSession(loaded(), REPORT_OPTIONS);
    expect(report.servers.find(s => s.name === 'EX01')?.extendedProtectionChoice).toBe('enable');
    // SE already: no Setup turns it on, nothing to say.
    expect(report.servers.find(s => s.name === 'EX03')?.extendedProtectionChoice).toBeNull();
    // The default needs no line on the printed page: the Setup step says it turns Extended Protection on.
    expect(renderHtml(report)).not.toContain('Extended Protection after Setup:');
  });

  it('says "keep off" with the switch and what it leaves open, in the HTML and the JSON', () => {
    const report = reportFromSession(sessionKeepingEpOff(), REPORT_OPTIONS);
    const ex01 = report.servers.find(s => s.name === 'EX01');
    expect(ex01?.extendedProtectionChoice).toBe('keep-off');
    expect(renderHtml(report)).toContain(
      '<strong>Extended Protection after Setup:</strong> Keep off (/DoNotEnableEP) <span class="muted">(chosen in the wizard: the server stays open to NTLM relay attacks where it is off)</span>',
    );
    expect(parseReport(JSON.parse(renderReportText(report, 'json'))).servers.find(s => s.name === 'EX01')?.extendedProtectionChoice).toBe('keep-off');
  });
});
