import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServer } from '../../src-shared/domain/server-identity';
import { ReportComparison } from '../../src-shared/report/compare';
import { parseReport } from '../../src-shared/report/json';
import { needsAction } from '../../src-shared/report/html/server-section';
import { readPdf } from './pdf-reader';
import { scanDemoOrganisation } from '../../electron/cli/commands/report';
import { reportFromScan } from '../../src-shared/report/build';
import { compareReports } from '../../src-shared/report/compare';
import { REPORT_OPTIONS } from './fixtures';
import type { ReportDocument } from '../../src-shared/report/schema';
import { demoSession, type DemoSession } from './demo-session';

/**
 * The demo organisation's report, made the way the wizard makes it (engine,
 * real probes, real downloads and staging from the demo update server), then
 * read back from the saved file.
 */
describe('the demo organisation report', { timeout: 300_000 }, () => {
  let demo: DemoSession;
  let report: ReportDocument;
  let beforePath: string;

  beforeAll(async () => {
    demo = await demoSession();
    const saved = await demo.engine.dispatch('exportReport', { format: 'json', redact: false });
    if (!saved.ok) throw new Error(saved.error.message);
    beforePath = (saved.value as { path: string }).path;
    report = parseReport(JSON.parse(readFileSync(beforePath, 'utf8')));
  }, 300_000);
  afterAll(async () => {
    await demo?.dispose();
  });

  it('staged files onto the servers by FQDN (so the check below can fail)', () => {
    expect(report.staging.length).toBeGreaterThan(0);
    expect(report.staging.every(s => s.server !== null && s.server.includes('.'))).toBe(true);
  });

  it('compares the demo organisation before and after a re-scan, through the engine (paths and picked-file text)', async () => {
    const rescanned = await demo.engine.dispatch('rescanServer', { jobId: 'demo-rescan', serverName: 'ex03.contoso.local' });
    if (!rescanned.ok) throw new Error(rescanned.error.message);
    const again = await demo.engine.dispatch('exportReport', { format: 'json', redact: false });
    if (!again.ok) throw new Error(again.error.message);
    const afterPath = (again.value as { path: string }).path;
    const byPath = await demo.engine.dispatch('compareReports', { before: { path: beforePath }, after: { path: afterPath } });
    if (!byPath.ok) throw new Error(byPath.error.message);
    const comparison = ReportComparison.parse((byPath.value as { comparison: unknown }).comparison);
    expect(comparison.servers.map(s => s.server).sort()).toEqual(report.servers.map(s => s.name).sort());
    const ex03 = comparison.servers.find(s => s.server === 'EX03');
    expect(ex03).toMatchObject({ presence: 'both', buildChange: 'same', before: { verdict: 'blocked-by-certificate' }, after: { verdict: 'blocked-by-certificate' } });
    expect(comparison.blockedBefore).toBe(comparison.blockedAfter);
    const byText = await demo.engine.dispatch('compareReports', { before: { text: readFileSync(beforePath, 'utf8'), name: 'before.json' }, after: { path: afterPath } });
    expect(byText.ok).toBe(true);
    const relative = await demo.engine.dispatch('compareReports', { before: { path: 'before.json' }, after: { path: afterPath } });
    expect(relative).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('prints in at most 13 A4 pages: the decision page first, one page per server that needs action, with its key facts', async () => {
    const printed = await demo.engine.dispatch('exportReport', { format: 'pdf', redact: false });
    if (!printed.ok) throw new Error(printed.error.message);
    // The project's own reader of what Chromium prints (no poppler needed): one text per page.
    const { pages } = readPdf(readFileSync((printed.value as { path: string }).path));
    expect(pages.length, pages.map((p, i) => `${i + 1}: ${p.slice(0, 40)}`).join('\n')).toBeLessThanOrEqual(13);
    expect(pages[0]).toContain('What needs deciding');
    expect(pages[0]).toContain('To approve');
    expect(pages[0]).toContain('Status per server');
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    for (const server of report.servers.filter(needsAction)) {
      const own = pages.filter(p => p.startsWith(`${server.name}\n`) || p.startsWith(`${server.name} `));
      // Exactly one page: a server page that ran over would start a second page without the name.
      expect(own, server.name).toHaveLength(1);
      const page = flat(own[0] as string);
      const next = pages[pages.indexOf(own[0] as string) + 1] ?? '';
      expect(report.servers.some(s => next.startsWith(`${s.name}\n`) || next.startsWith(`${s.name} `)) || next.startsWith('Appendix'), `${server.name} fits its page`).toBe(true);
      if (server.facts) {
        for (const label of ['Build', 'Windows', '.NET Framework', 'EEMS', 'Last EEMS check', 'OCS test', 'Reboot']) expect(page, `${server.name}: ${label}`).toContain(label);
      } else {
        expect(page).toContain('the server did not answer');
      }
    }
    const text = flat(pages.join('\n'));
    expect(text).toContain('Migration projects');
    expect(text).toContain('Remove Exchange 2016 (EX02, EX04)');
  });

  it('carries the migration project of the 2016 servers, with its phases', () => {
    expect(report.migrations).toHaveLength(1);
    const project = report.migrations[0];
    expect(project).toMatchObject({ fromProduct: 'Exchange 2016', toProduct: 'Exchange SE', oldServers: ['EX02', 'EX04'], newServerCount: 2 });
    expect(new Set(project?.items.map(i => i.phase))).toEqual(new Set(['new-server', 'coexistence', 'moves', 'decommission']));
    expect(project?.items.every(i => !i.done)).toBe(true);
  });

  it('compares with the demo after its upgrade (the upgraded lab, scanned as "exwiz report --demo-after" does): builds moved, verdicts changed, findings resolved', async () => {
    const home = process.env.EXWIZ_HOME;
    process.env.EXWIZ_HOME = demo.home;
    let afterScan;
    try {
      afterScan = await scanDemoOrganisation('after');
    } finally {
      if (home === undefined) delete process.env.EXWIZ_HOME;
      else process.env.EXWIZ_HOME = home;
    }
    const after = reportFromScan(afterScan, { ...REPORT_OPTIONS, generatedAt: new Date().toISOString() });
    const comparison = compareReports(report, after);
    expect(comparison.warnings).toEqual([]);
    expect(comparison.blockedBefore).toBe(4);
    expect(comparison.blockedAfter).toBe(0);
    const of = (name: string) => comparison.servers.find(s => s.server === name);
    for (const name of ['EX01', 'EX03', 'EDGE01']) {
      expect(of(name), name).toMatchObject({ presence: 'both', buildChange: 'newer', after: { build: '15.2.2562.57' } });
    }
    expect(of('EX01')).toMatchObject({ before: { verdict: 'blocked-by-certificate' }, after: { verdict: 'healthy' } });
    expect(of('EX03')).toMatchObject({ before: { verdict: 'blocked-by-certificate' }, after: { verdict: 'healthy' } });
    expect(of('EX01')?.resolved.map(f => f.id)).toEqual(expect.arrayContaining(['eems.certificate-2023-03', 'os.reboot-pending']));
    // The 2016 servers were migrated to new SE servers and removed.
    expect([of('EX02')?.presence, of('EX04')?.presence]).toEqual(['removed', 'removed']);
    expect([of('EXSE03')?.presence, of('EXSE04')?.presence]).toEqual(['added', 'added']);
    // What an update cannot cure stays: EXSE02's TLS-inspecting proxy.
    expect(of('EXSE02')).toMatchObject({ before: { verdict: 'ocs-unreachable' }, after: { verdict: 'ocs-unreachable' } });
    expect(after.migrations).toEqual([]);
  });

  it('never calls a file both copied and not copied', () => {
    for (const copied of report.staging) {
      const server = report.servers.find(s => isServer(copied.server, s));
      expect(server, `${copied.server} is a server of the report`).toBeDefined();
      const items = (server?.actionItems ?? []).filter(a => a.download?.sha256 === copied.sha256);
      expect(items.length, `${copied.fileName} is a step of ${server?.name}`).toBeGreaterThan(0);
      for (const item of items) {
        expect(item.status, `${server?.name}: ${item.title}`).not.toBe('downloaded');
        expect(item.staged?.destinationPath).toBe(copied.destinationPath);
      }
    }
  });
});
