import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../helpers/cli';
import { seedDemoLab } from '../helpers/demo-scan';
import { Command } from 'commander';
import { registerReport } from '../../electron/cli/commands/report';
import { main } from '../../electron/cli/main';
import type { CliContext } from '../../electron/cli/run';
import { parseReport } from '../../src-shared/report/json';
import { reportFromSession } from '../../src-shared/report/build';
import { renderJson } from '../../src-shared/report/json';
import { leakedIdentifiers, REPORT_OPTIONS, sampleScan, sampleSession } from './fixtures';

let dir: string;
let io: CapturedOutput;
const file = (name: string) => path.join(dir, name);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'exwiz-report-cli-'));
  vi.stubEnv('EXWIZ_HOME', path.join(dir, 'home'));
  io = captureOutput();
  writeFileSync(file('scan.json'), JSON.stringify(sampleScan(), null, 2));
  writeFileSync(file('session.json'), JSON.stringify(sampleSession()));
  writeFileSync(file('report.json'), renderJson(reportFromSession(sampleSession(), REPORT_OPTIONS)));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('exwiz report', () => {
  it('writes HTML from a scan, the format taken from the file name', async () => {
    expect(await main(['report', '--from', file('scan.json'), '--out', file('out/report.html')])).toBe(0);
    expect(io.out).toMatch(/^Saved the HTML report of 6 servers to .*report\.html \(\d+ KB\)\.\n$/);
    expect(readFileSync(file('out/report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('writes JSON from a session and prints a JSON result with --json', async () => {
    expect(await main(['report', '--from', file('session.json'), '--format', 'json', '--out', file('r.json'), '--json'])).toBe(0);
    const result = JSON.parse(io.out);
    expect(result).toMatchObject({ format: 'json', servers: 6, redacted: false, madeFrom: 'session', path: file('r.json') });
    expect(result.bytes).toBe(readFileSync(file('r.json')).byteLength);
    expect(JSON.parse(readFileSync(file('r.json'), 'utf8')).audit).toHaveLength(6);
  });

  it('redacts a saved report into CSV', async () => {
    expect(await main(['report', '--from', file('report.json'), '--out', file('r.csv'), '--redact', '--json'])).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ format: 'csv', madeFrom: 'report', redacted: true });
    const csv = readFileSync(file('r.csv'), 'utf8');
    expect(csv.split('\r\n')).toHaveLength(8); // header, 6 servers, final line end
    expect(leakedIdentifiers(csv)).toEqual([]);
  });

  it('prints a PDF through headless Chromium', async () => {
    expect(await main(['report', '--from', file('scan.json'), '--format', 'pdf', '--out', file('r.pdf'), '--redact'])).toBe(0);
    expect(readFileSync(file('r.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('exits non-zero with a clear message for a missing, broken or foreign --from file', async () => {
    expect(await main(['report', '--from', file('missing.json'), '--out', file('x.html')])).toBe(1);
    expect(io.err).toContain(`error: ${file('missing.json')} does not exist.`);

    io.err = '';
    writeFileSync(file('broken.json'), '{ "servers": [');
    expect(await main(['report', '--from', file('broken.json'), '--out', file('x.html')])).toBe(2);
    expect(io.err).toContain('is not valid JSON');

    io.err = '';
    writeFileSync(file('other.json'), JSON.stringify({ hello: 'world' }));
    expect(await main(['report', '--from', file('other.json'), '--out', file('x.html')])).toBe(2);
    expect(io.err).toContain('is not a scan, a wizard session or a report');
    expect(io.err).toContain('fix: Use the JSON that "exwiz scan --json" prints');

    io.out = '';
    writeFileSync(file('bad-scan.json'), JSON.stringify({ ...sampleScan(), servers: [{ name: 'EX01' }] }));
    expect(await main(['report', '--from', file('bad-scan.json'), '--out', file('x.html'), '--json'])).toBe(2);
    expect(JSON.parse(io.out).error.message).toMatch(/looks like a scan but does not match the scan format: servers\.0\./);
    expect(existsSync(file('x.html'))).toBe(false);
  });

  it('--demo reports on the scan the demo dependency produces', async () => {
    const program = new Command().exitOverride();
    const cli: CliContext = { version: '0.0.0-test', exitCode: -1 };
    registerReport(program, cli, async () => sampleScan());
    await program.parseAsync(['report', '--demo', '--out', file('demo.csv'), '--json'], { from: 'user' });
    expect(cli.exitCode).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ madeFrom: 'demo', servers: 6, format: 'csv' });
  });

  it('--demo scans the built-in demo organisation with the real probes', { timeout: 180_000 }, async () => {
    seedDemoLab(path.join(dir, 'home'));
    expect(await main(['report', '--demo', '--out', file('demo.json'), '--json'])).toBe(0);
    const report = parseReport(JSON.parse(readFileSync(file('demo.json'), 'utf8')));
    expect(report.scan.source).toBe('demo');
    expect(report.servers.length).toBeGreaterThan(3);
    expect(report.servers.some(s => !s.reachable)).toBe(true);
  });

  it('treats a wrong command line as a usage error (exit 2)', async () => {
    expect(await main(['report', '--out', file('x.html')])).toBe(2);
    expect(io.err).toContain('--demo, --demo-after or --from FILE');
    expect(await main(['report', '--demo', '--demo-after', '--out', file('x.html')])).toBe(2);
    expect(await main(['report', '--demo', '--from', file('scan.json'), '--out', file('x.html')])).toBe(2);
    expect(await main(['report', '--from', file('scan.json'), '--out', file('x.txt')])).toBe(2);
    expect(io.err).toContain('Cannot tell the report format from "x.txt"');
    expect(await main(['report', '--from', file('scan.json'), '--format', 'docx', '--out', file('x.docx')])).toBe(2);
    expect(await main(['report', '--from', file('scan.json')])).toBe(2);
    expect(existsSync(file('x.html'))).toBe(false);
  });
});
