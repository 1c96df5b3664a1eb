import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { invokeContract } from '../../src-shared/ipc/contract';
import { parseReport } from '../../src-shared/report/json';
import { saveReport } from '../../electron/engine/report/export';
import { reportFromSession } from '../../src-shared/report/build';
import { leakedIdentifiers, REPORT_OPTIONS, sampleSession } from './fixtures';

describe('exportReport and openReport (engine)', () => {
  let home: string;
  let engine: Engine;
  const printed: string[] = [];

  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-report-engine-'));
    writeFileSync(path.join(home, 'session.json'), JSON.stringify(sampleSession()));
    printed.length = 0;
    engine = createEngine({
      mode: 'cli',
      version: '9.9.9',
      dataDirectory: home,
      ports: {
        openExternal: async () => undefined,
        // A stand-in printer that records the HTML it was given and returns a minimal PDF.
        printToPdf: async html => {
          printed.push(html);
          return new TextEncoder().encode('%PDF-1.7\n%%EOF\n');
        },
      },
    });
  });
  afterEach(async () => {
    await engine.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('writes each format to <data>/exports under a new dated name and records it in the audit trail', async () => {
    const names: string[] = [];
    for (const format of ['html', 'json', 'csv', 'pdf'] as const) {
      const result = await engine.dispatch('exportReport', { format, redact: false });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) return;
      const value = invokeContract.exportReport.response.parse(result.value);
      expect(path.dirname(value.path)).toBe(path.join(home, 'exports'));
      expect(value.fileName).toMatch(new RegExp(`^exchange-report-\\d{4}-\\d{2}-\\d{2}-\\d{6}\\.${format}$`));
      expect(readFileSync(value.path).byteLength).toBe(value.bytes);
      names.push(value.fileName);
    }
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('<h2 id="server-1-h">EX01 ');
    expect(readdirSync(path.join(home, 'exports'))).toHaveLength(4);
    const session = await engine.handlers.loadSession({});
    expect(session.session.audit.filter(a => a.action === 'report').map(a => a.detail)).toEqual(names.map((n, i) => `Exported the ${['HTML', 'JSON', 'CSV', 'PDF'][i]} report ${n}.`));
  });

  it('never overwrites an earlier export made at the same time', async () => {
    const report = reportFromSession(sampleSession(), REPORT_OPTIONS);
    const folder = path.join(home, 'same-second');
    const first = await saveReport(report, 'csv', folder, {});
    const second = await saveReport(report, 'csv', folder, {});
    expect([first.fileName, second.fileName]).toEqual(['exchange-report-2026-11-26-120000.csv', 'exchange-report-2026-11-26-120000-2.csv']);
  });

  it('writes a redacted copy into a chosen folder, and opens it back for review', async () => {
    const folder = path.join(home, 'for the auditor');
    const exported = await engine.dispatch('exportReport', { format: 'json', redact: true, directory: folder });
    if (!exported.ok) throw new Error(exported.error.message);
    const saved = exported.value as { path: string; fileName: string };
    expect(saved.fileName).toMatch(/-redacted\.json$/);
    expect(leakedIdentifiers(readFileSync(saved.path, 'utf8'))).toEqual([]);
    const opened = await engine.dispatch('openReport', { path: saved.path });
    if (!opened.ok) throw new Error(opened.error.message);
    const { report } = invokeContract.openReport.response.parse(opened.value);
    expect(report.redacted).toBe(true);
    expect(report.servers[0]?.name).toBe('SERVER-01');
    expect(parseReport(JSON.parse(readFileSync(saved.path, 'utf8')))).toEqual(report);
  });

  it('fails clearly: no scan yet, relative folders, missing or foreign files, no PDF printer', async () => {
    const fail = async (method: string, payload: unknown) => {
      const result = await engine.dispatch(method, payload);
      if (result.ok) throw new Error(`${method} succeeded`);
      return result.error;
    };
    expect(await fail('exportReport', { format: 'html', redact: false, directory: 'relative/folder' })).toMatchObject({ code: 'invalid-input' });
    expect(await fail('openReport', { path: path.join(home, 'nope.json') })).toMatchObject({ code: 'not-found' });
    expect(await fail('openReport', { path: 'report.json' })).toMatchObject({ code: 'invalid-input' });
    const scanFile = path.join(home, 'scan.json');
    writeFileSync(scanFile, JSON.stringify(sampleSession().scan));
    expect(await fail('openReport', { path: scanFile })).toMatchObject({ code: 'invalid-input', message: 'scan.json is not a report saved by the Exchange Remediation Wizard.' });
    const broken = path.join(home, 'broken.json');
    writeFileSync(broken, '{"kind": "exwiz-report", ');
    expect(await fail('openReport', { path: broken })).toMatchObject({ code: 'invalid-input', message: 'broken.json is not valid JSON.' });
    mkdirSync(path.join(home, 'a-folder.json'));
    expect(await fail('openReport', { path: path.join(home, 'a-folder.json') })).toMatchObject({ code: 'invalid-input' });

    await engine.handlers.resetSession({});
    expect(await fail('exportReport', { format: 'html', redact: false })).toMatchObject({ code: 'not-found', fix: expect.stringContaining('health scan') });

    const noPrinter = createEngine({ mode: 'cli', version: '9.9.9', dataDirectory: home, ports: { openExternal: async () => undefined } });
    writeFileSync(path.join(home, 'session.json'), JSON.stringify(sampleSession()));
    const result = await noPrinter.dispatch('exportReport', { format: 'pdf', redact: false });
    expect(result.ok ? null : result.error.code).toBe('unsupported');
    await noPrinter.dispose();
  });
});
