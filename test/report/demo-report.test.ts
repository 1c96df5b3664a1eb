import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServer } from '../../src-shared/domain/server-identity';
import { ReportComparison } from '../../src-shared/report/compare';
import { parseReport } from '../../src-shared/report/json';
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
