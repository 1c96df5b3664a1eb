import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import { reportFromScan, reportFromSession } from '../../src-shared/report/build';
import { newestPublicBuildsFromCatalog, parseReleaseDate } from '../../src-shared/report/build-age';
import { compareBuilds } from '../../src-shared/knowledge/build-number';
import { ReportDocument } from '../../src-shared/report/schema';
import { nextActionOf } from '../../src-shared/report/labels';
import { renderCsv } from '../../src-shared/report/csv';
import { renderHtml } from '../../src-shared/report/html/render';
import { renderJson } from '../../src-shared/report/json';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { REPORT_OPTIONS, sampleScan, sampleSession } from './fixtures';

function serverOf(report: ReportDocument, name: string) {
  const server = report.servers.find(s => s.name === name);
  if (!server) throw new Error(`no server ${name}`);
  return server;
}

describe('report model', () => {
  const report = reportFromSession(sampleSession(), REPORT_OPTIONS);

  it('is a valid report document, servers worst first in the scan order', () => {
    expect(ReportDocument.safeParse(report).success).toBe(true);
    expect(report.servers.map(s => s.name)).toEqual(['EX01', 'LEGACY16', 'EX04', 'EX02', 'EX03', 'EX05']);
    expect(report.servers.map(s => s.anchor)).toEqual(['server-1', 'server-2', 'server-3', 'server-4', 'server-5', 'server-6']);
    expect(report.session?.id).toBe('6c1f2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b');
  });

  it('summarises severities, verdicts and certificate blocks, and says so in plain words', () => {
    expect(report.summary.bySeverity).toEqual({ critical: 3, warning: 1, info: 1, ok: 1 });
    expect(report.summary.byEemsVerdict).toEqual({ 'blocked-by-certificate': 2, borderline: 1, healthy: 2 });
    expect(report.summary.blockedByCertificate).toEqual([
      { name: 'EX01', cutoff: '2023-03', build: '15.2.1118.25' },
      { name: 'LEGACY16', cutoff: '2026-06', build: '15.1.2507.27' },
    ]);
    expect(report.summary.unreachableCount).toBe(1);
    expect(report.summary.headline).toContain('2 of 6 servers cannot use the Exchange Emergency Mitigation Service');
    expect(report.summary.headline).toContain('1 by the March 2023 change, 1 by the June 2026 change');
    expect(report.summary.headline).toContain('1 server could not be checked');
  });

  it('counts a server that did not answer as not checked, never as cut off (issue 25)', () => {
    // EX04 did not answer; its build from discovery alone gives a blocked verdict.
    const session = sampleSession();
    const scan = session.scan!;
    const ex04 = scan.servers.find(s => s.name === 'EX04')!;
    const cut = { ...ex04, build: '15.1.2507.6', eems: { ...scan.servers.find(s => s.name === 'LEGACY16')!.eems! } };
    const r = reportFromSession({ ...session, scan: { ...scan, servers: scan.servers.map(s => (s.name === 'EX04' ? cut : s)) } }, REPORT_OPTIONS);
    expect(r.summary.blockedByCertificate.map(b => b.name)).toEqual(['EX01', 'LEGACY16']);
    expect(r.summary.byEemsVerdict['blocked-by-certificate']).toBe(2);
    expect(r.decisions.risks.find(x => x.cutoff === '2026-06')?.servers).toEqual(['LEGACY16']);
    expect(r.summary.headline).toContain('1 server could not be checked');
  });

  it('turns plan steps into action items with what the session already did', () => {
    const ex01 = serverOf(report, 'EX01');
    expect(ex01.actionItems.map(a => [a.order, a.stepId, a.status])).toEqual([
      [1, 'ex01-dotnet481', 'done'],
      [2, 'ex01-cu15', 'staged'],
      [3, 'ex01-se', 'to-download'],
      [4, 'ex01-se-nov26', 'to-download'],
    ]);
    expect(ex01.actionItems[0]?.doneAt).toBe('2026-11-26T11:05:00Z');
    // The checklist's own id for an install step ticks the action item too.
    const ticked = reportFromSession({ ...sampleSession(), checklist: { ex01: { 'install-ex01-cu15': { done: true, at: '2026-11-26T13:00:00Z' } } } }, REPORT_OPTIONS);
    expect(serverOf(ticked, 'EX01').actionItems.map(a => a.status)).toEqual(['to-do', 'done', 'to-download', 'to-download']);
    expect(ex01.actionItems[1]?.download?.hashMatched).toBe(true);
    expect(ex01.actionItems[1]?.staged?.fileName).toBe('ExchangeServer2019-x64-CU15.ISO');
    // The same file is downloaded but not copied to EX02.
    expect(serverOf(report, 'EX02').actionItems[0]?.status).toBe('downloaded');
    // ESU-only update, organisation without ESU.
    expect(serverOf(report, 'LEGACY16').actionItems[0]?.status).toBe('needs-esu');
    // "Nothing to do" is not an action item; the plan summary speaks instead.
    expect(serverOf(report, 'EX05').actionItems).toEqual([]);
    expect(nextActionOf(serverOf(report, 'EX05'))).toBe('EX05 is up to date: nothing to install.');
    expect(nextActionOf(ex01)).toBe('Install Exchange 2019 CU15');
    expect(nextActionOf(serverOf(report, 'EX04'))).toMatch(/Enable-PSRemoting/);
  });

  it('shows the upgrade checklist with its ticks once started, and sorts findings worst first', () => {
    const ex01 = serverOf(report, 'EX01');
    expect(ex01.checklist[0]).toEqual({ item: 'backup', title: 'Confirm a tested backup', done: true, at: '2026-11-26T11:00:00Z', proof: null });
    expect(ex01.checklist.find(c => c.item === 'reboot-before')).toMatchObject({ done: false, at: null });
    expect(ex01.checklist.filter(c => c.item.startsWith('install-')).map(c => c.item)).toEqual(['install-ex01-cu15', 'install-ex01-se', 'install-ex01-se-nov26']);
    // A tick the checklist does not know (here: the .NET prerequisite, ticked by its step id) is kept.
    expect(ex01.checklist[ex01.checklist.length - 1]).toMatchObject({ item: 'ex01-dotnet481', done: true });
    expect(serverOf(report, 'EX02').checklist).toEqual([]);
    expect(ex01.findings.map(f => f.severity)).toEqual(['critical', 'warning', 'info']);
  });

  it('measures build age against the newest public build of the product line', () => {
    expect(serverOf(report, 'EX01').buildAge).toMatchObject({ releaseDate: '2023-02-14', newestPublicBuild: '15.2.1748.39', daysBehindNewest: 973, ageDays: 1382 });
    expect(serverOf(report, 'EX05').buildAge?.daysBehindNewest).toBe(0);
    expect(serverOf(report, 'EX04').buildAge).toBeNull();
  });

  it('derives the newest builds from the scan when no catalog is given, leaving unknown dates unknown', () => {
    const derived = reportFromScan(sampleScan(), { ...REPORT_OPTIONS, newestPublicBuilds: [] });
    expect(derived.newestPublicBuilds).toEqual([
      { product: 'Exchange 2016', build: '15.1.2507.61', name: null, releaseDate: null },
      { product: 'Exchange 2019', build: '15.2.1118.40', name: null, releaseDate: null },
      { product: 'Exchange SE', build: '15.2.2562.57', name: 'Nov26SU', releaseDate: '2026-11-10' },
    ]);
    expect(serverOf(derived, 'EX01').buildAge?.daysBehindNewest).toBeNull();
  });

  it('finds the newest public build per product line in the shipped catalog, skipping ESU-only builds', () => {
    const newest = newestPublicBuildsFromCatalog(builtInCatalog().builds);
    const se = newest.find(n => n.product === 'Exchange SE');
    expect(se?.build).toMatch(/^15\.2\.2562\./);
    const e2019 = newest.find(n => n.product === 'Exchange 2019');
    const all2019 = builtInCatalog().builds.filter(b => b.product === 'Exchange 2019');
    expect(all2019.find(b => b.build === e2019?.build)?.esuOnly).toBe(false);
    const newer = all2019.filter(b => compareBuilds(b.build, e2019?.build ?? '0') > 0);
    expect(newer.length).toBeGreaterThan(0);
    expect(newer.every(b => b.esuOnly)).toBe(true);
  });

  it('reports a bare scan with no session part, and refuses a session without a scan', () => {
    const fromScan = reportFromScan(sampleScan(), REPORT_OPTIONS);
    expect(fromScan.session).toBeNull();
    expect(fromScan.audit).toEqual([]);
    expect(serverOf(fromScan, 'EX01').actionItems[1]?.status).toBe('to-download');
    expect(() => reportFromSession({ ...sampleSession(), scan: null }, REPORT_OPTIONS)).toThrow(AppError);
    expect(() => reportFromScan(sampleScan(), { ...REPORT_OPTIONS, generatedAt: 'yesterday' })).toThrow(/not a date/);
  });

  it('never calls servers unblocked when their EEMS was not assessed', () => {
    const scan = sampleScan();
    const unassessed = { ...scan, servers: scan.servers.map(s => ({ ...s, eems: null })) };
    expect(reportFromScan(unassessed, REPORT_OPTIONS).summary.headline).toMatch(/^The Emergency Mitigation Service could not be assessed on any of the 6 servers\. 1 server could not be checked\./);
    const partly = { ...scan, servers: scan.servers.map(s => (s.name === 'EX03' || s.name === 'EX05' ? s : { ...s, eems: null })) };
    expect(reportFromScan(partly, REPORT_OPTIONS).summary.headline).toMatch(/^None of the 2 servers assessed is blocked .* 3 servers answered but have no EEMS assessment\./);
  });

  it('renders a scan that found no server in every text format', () => {
    const empty = {
      ...sampleScan(),
      servers: [],
      plan: null,
      summary: { serverCount: 0, unreachableCount: 0, bySeverity: { critical: 0, warning: 0, info: 0, ok: 0 }, blockedByCertificate: [], worstFirst: [] },
    };
    const r = reportFromScan(empty, REPORT_OPTIONS);
    expect(r.summary.headline).toBe('The scan found no Exchange server to report on.');
    expect(renderHtml(r)).toContain('No server has a build with a known release date.');
    expect(renderCsv(r).split('\r\n')).toHaveLength(2);
    expect(ReportDocument.parse(JSON.parse(renderJson(r)))).toEqual(r);
  });

  it('is reproducible: the same input and options give the same report', () => {
    expect(JSON.stringify(reportFromSession(sampleSession(), REPORT_OPTIONS))).toBe(JSON.stringify(report));
  });

  it('reads catalog dates, including month-only ones', () => {
    expect(parseReleaseDate('2023-03-14')).toBe(Date.UTC(2023, 2, 14));
    expect(parseReleaseDate('2019-11 (day n/a)')).toBe(Date.UTC(2019, 10, 1));
    expect(parseReleaseDate('soon')).toBeNull();
    expect(compareBuilds('15.2.1748.9', '15.2.1748.10')).toBeLessThan(0);
  });
});
