import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

/** The one demo scan of an integration run (test/helpers/demo-scan.global.ts). */
export interface DemoScanRun {
  /** Exit code of `exwiz scan --demo --json --out FILE`. */
  code: number;
  /** What it printed on stdout and stderr. */
  out: string;
  err: string;
  /** The --out file, and the data folder the scan used (its demo-lab/ is reused). */
  file: string;
  home: string;
  /** The --out file's text, or null when the scan failed. */
  report: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoScan: DemoScanRun;
  }
}

/** The run's demo scan; only the integration project provides it. */
export function demoScan(): DemoScanRun {
  return inject('demoScan');
}

/**
 * Copies the demo lab the run already generated into `dataDirectory`, so
 * prepareDemoLab there reuses it instead of generating it again.
 */
export function seedDemoLab(dataDirectory: string): void {
  const generated = path.join(demoScan().home, 'demo-lab');
  if (existsSync(generated)) cpSync(generated, path.join(dataDirectory, 'demo-lab'), { recursive: true });
}
