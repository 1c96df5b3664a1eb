import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServer } from '../../src-shared/domain/server-identity';
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

  beforeAll(async () => {
    demo = await demoSession();
    const saved = await demo.engine.dispatch('exportReport', { format: 'json', redact: false });
    if (!saved.ok) throw new Error(saved.error.message);
    report = parseReport(JSON.parse(readFileSync((saved.value as { path: string }).path, 'utf8')));
  }, 300_000);
  afterAll(async () => {
    await demo?.dispose();
  });

  it('staged files onto the servers by FQDN (so the check below can fail)', () => {
    expect(report.staging.length).toBeGreaterThan(0);
    expect(report.staging.every(s => s.server !== null && s.server.includes('.'))).toBe(true);
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
