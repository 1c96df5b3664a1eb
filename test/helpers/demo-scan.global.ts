import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { DemoScanRun } from './demo-scan';

/**
 * Vitest global set-up of the integration layer: scans the demo organisation
 * once per run, through the real `exwiz scan --demo --json --out FILE` with
 * real PowerShell, and hands the result to every test (`inject('demoScan')`).
 * Scanning it in each test that needs it cost most of the suite's time.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const home = mkdtempSync(path.join(tmpdir(), 'exwiz-demo-scan-'));
  const file = path.join(home, 'demo-scan.json');
  const previousHome = process.env.EXWIZ_HOME;
  const write = { out: process.stdout.write, err: process.stderr.write };
  let out = '';
  let err = '';
  process.env.EXWIZ_HOME = home;
  process.stdout.write = ((chunk: unknown) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => ((err += String(chunk)), true)) as typeof process.stderr.write;
  let code: number;
  try {
    const { main } = await import('../../electron/cli/main');
    code = await main(['scan', '--demo', '--json', '--out', file, '--concurrency', '2']);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    if (previousHome === undefined) delete process.env.EXWIZ_HOME;
    else process.env.EXWIZ_HOME = previousHome;
  }
  const run: DemoScanRun = { code, out, err, file, home, report: code === 0 ? readFileSync(file, 'utf8') : null };
  project.provide('demoScan', run);
  return () => rmSync(home, { recursive: true, force: true });
}
