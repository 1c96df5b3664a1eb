import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../electron/cli/main';
import type { ScanReport } from '../../src-shared/assessment/scan-report';
import { reportFromScan } from '../../src-shared/report/build';
import { compareReports, ReportComparison } from '../../src-shared/report/compare';
import { renderJson } from '../../src-shared/report/json';
import { captureOutput, type CapturedOutput } from '../helpers/cli';
import { REPORT_OPTIONS, sampleScan } from './fixtures';

/** The sample organisation after EX01 went to Exchange SE: EEMS works, its build findings are gone; the scan names it by FQDN. */
function afterUpgrade(): ScanReport {
  const scan = sampleScan();
  scan.generatedAt = '2026-12-03T09:15:00Z';
  const ex01 = scan.servers.find(s => s.name === 'EX01');
  if (!ex01?.eems || !ex01.classification) throw new Error('fixture changed');
  ex01.name = 'ex01.contoso.local';
  ex01.build = '15.2.2562.57';
  ex01.product = 'Exchange SE';
  ex01.cu = 'RTM';
  ex01.update = 'Nov26SU';
  ex01.severity = 'ok';
  ex01.eems = { ...ex01.eems, verdict: 'healthy', cutoff: null };
  ex01.findings = ex01.findings.filter(f => f.severity !== 'critical');
  scan.servers = scan.servers.filter(s => s.name !== 'EX05');
  scan.summary.worstFirst = scan.servers.map(s => s.name);
  return scan;
}

describe('comparing two reports', () => {
  const before = reportFromScan(sampleScan(), REPORT_OPTIONS);
  const after = reportFromScan(afterUpgrade(), { ...REPORT_OPTIONS, generatedAt: '2026-12-03T10:00:00Z' });

  it('says per server what changed: build, EEMS verdict, severity and findings, matching EX01 with its FQDN', () => {
    const c = ReportComparison.parse(compareReports(before, after));
    const ex01 = c.servers.find(s => s.server === 'ex01.contoso.local');
    expect(ex01).toMatchObject({
      presence: 'both',
      buildChange: 'newer',
      before: { build: '15.2.1118.25', verdict: 'blocked-by-certificate' },
      after: { build: '15.2.2562.57', verdict: 'healthy', severity: 'ok' },
    });
    expect(ex01?.before?.verdictText).toBe('Blocked by the certificate change (March 2023)');
    expect(ex01?.resolved.length).toBeGreaterThan(0);
    expect(ex01?.appeared).toEqual([]);
    const unchanged = c.servers.find(s => s.server === 'EX02');
    expect(unchanged).toMatchObject({ buildChange: 'same', resolved: [], appeared: [], changed: [] });
    expect(c.servers.find(s => s.server === 'EX05')?.presence).toBe('removed');
    expect(c).toMatchObject({ blockedBefore: 2, blockedAfter: 1, warnings: [] });
  });

  it('warns when the two are swapped', () => {
    expect(compareReports(after, before).warnings[0]).toMatch(/swapped/);
  });

  describe('exwiz report --compare', () => {
    let dir: string;
    let io: CapturedOutput;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'exwiz-report-compare-'));
      vi.stubEnv('EXWIZ_HOME', path.join(dir, 'home'));
      io = captureOutput();
      writeFileSync(path.join(dir, 'before.json'), renderJson(before));
      writeFileSync(path.join(dir, 'after.json'), renderJson(after));
      writeFileSync(path.join(dir, 'scan.json'), JSON.stringify(sampleScan()));
    });
    afterEach(() => {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
      rmSync(dir, { recursive: true, force: true });
    });

    it('prints what changed, in words and as JSON', async () => {
      expect(await main(['report', '--compare', path.join(dir, 'before.json'), path.join(dir, 'after.json')])).toBe(0);
      expect(io.out).toContain('ex01.contoso.local: build 15.2.1118.25 → 15.2.2562.57; EEMS Blocked by the certificate change (March 2023) → Working');
      expect(io.out).toContain('Blocked by a certificate cut-off: 2 before, 1 after.');
      io.out = '';
      expect(await main(['report', '--compare', path.join(dir, 'before.json'), path.join(dir, 'after.json'), '--json'])).toBe(0);
      expect(ReportComparison.parse(JSON.parse(io.out)).servers).toHaveLength(6);
    });

    it('refuses anything but two saved reports (exit 2)', async () => {
      expect(await main(['report', '--compare', path.join(dir, 'before.json')])).toBe(2);
      expect(await main(['report', '--compare', path.join(dir, 'before.json'), path.join(dir, 'scan.json')])).toBe(2);
      expect(io.err).toMatch(/not a saved report/);
    });
  });
});
