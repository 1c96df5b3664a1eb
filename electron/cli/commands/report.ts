import path from 'node:path';
import { Option, type Command } from 'commander';
import type { ScanReport } from '../../../src-shared/assessment/scan-report';
import type { ReportFormat } from '../../../src-shared/ipc/contract';
import { compareReports, describeComparison, type ReportComparison } from '../../../src-shared/report/compare';
import type { ReportDocument } from '../../../src-shared/report/schema';
import { printHtmlWithChromium } from '../../engine/chromium-pdf';
import { defaultDataDirectory } from '../../engine/paths';
import { PowerShellPool } from '../../engine/powershell/pool';
import { makeReport, writeReport } from '../../engine/report/export';
import { readReportInput, type ReportInput } from '../../engine/report/input';
import { discoverAndScan } from '../../engine/organisation/organisation-scan';
import { prepareDemoLab } from '../../engine/demo/demo-lab';
import type { DiscoveryRequest } from '../../engine/discovery/discover';
import { DEFAULT_SCAN_TIMEOUT_MS } from '../../engine/scan/scan-service';
import { usageError } from '../output';
import { runAction, type CliContext } from '../run';
import { loadActiveCatalog } from './catalog';

const FORMATS: readonly ReportFormat[] = ['html', 'json', 'csv', 'pdf'];

/** Produces the scan of the built-in demo organisation, or of the same organisation after its upgrade (injectable for tests). */
export type DemoScan = (variant?: 'after') => Promise<ScanReport>;

interface ReportCliOptions {
  demo?: boolean;
  demoAfter?: boolean;
  from?: string;
  compare?: string[];
  format?: ReportFormat;
  out?: string;
  redact?: boolean;
  json?: boolean;
}

/** What `exwiz report` printed or returns with --json. */
export interface ReportCliResult {
  path: string;
  format: ReportFormat;
  bytes: number;
  servers: number;
  redacted: boolean;
  madeFrom: 'demo' | 'demo-after' | ReportInput['kind'];
}

/** The format from --format, else from the --out file's extension. */
export function reportFormatFor(format: ReportFormat | undefined, out: string): ReportFormat {
  if (format) return format;
  const ext = path.extname(out).slice(1).toLowerCase();
  const inferred = ext === 'htm' ? 'html' : ext;
  if ((FORMATS as readonly string[]).includes(inferred)) return inferred as ReportFormat;
  return usageError(`Cannot tell the report format from "${path.basename(out)}".`, 'Add --format html|json|csv|pdf, or end the --out file name in .html, .json, .csv or .pdf.');
}

/** Reads a file that must be a saved JSON report (not a scan or a session). */
async function readSavedReport(file: string): Promise<ReportDocument> {
  const input = await readReportInput(path.resolve(file), async () => (await loadActiveCatalog()).catalog);
  if (input.kind !== 'report') {
    return usageError(`${file} is a ${input.kind}, not a saved report.`, 'Compare two JSON reports: exwiz report --from session.json --format json --out before.json');
  }
  return input.report;
}

/** `exwiz report --compare OLD NEW`: what changed per server between two saved JSON reports. */
export async function compareSavedReports(files: readonly string[]): Promise<ReportComparison> {
  if (files.length !== 2) usageError('--compare takes two saved JSON reports: the older first, then the newer.', 'exwiz report --compare before.json after.json');
  return compareReports(await readSavedReport(files[0] as string), await readSavedReport(files[1] as string));
}

async function reportCommand(options: ReportCliOptions, cli: CliContext, demoScan: DemoScan): Promise<ReportCliResult> {
  const sources = [options.demo === true, options.demoAfter === true, options.from !== undefined].filter(Boolean).length;
  if (sources !== 1) {
    usageError('Say what to report on: --demo, --demo-after or --from FILE (one of them), or --compare OLD NEW.', 'exwiz report --from scan.json --out report.html');
  }
  if (options.out === undefined) return usageError('Say where to write the report: --out FILE.', 'exwiz report --from scan.json --out report.html');
  const format = reportFormatFor(options.format, options.out);
  const demo = options.demo ? 'demo' : options.demoAfter ? 'demo-after' : null;
  if (demo && !options.json) process.stderr.write(`Scanning the demo organisation${demo === 'demo-after' ? ' after its upgrade' : ''}…\n`);
  const active = await loadActiveCatalog();
  const input: ReportInput = demo
    ? { kind: 'scan', scan: await demoScan(demo === 'demo-after' ? 'after' : undefined) }
    : await readReportInput(path.resolve(options.from as string), () => Promise.resolve(active.catalog));
  const report = makeReport(input, { version: cli.version, redact: options.redact === true, active });
  const file = path.resolve(options.out);
  const bytes = await writeReport(report, format, file, { printToPdf: printHtmlWithChromium });
  return { path: file, format, bytes, servers: report.servers.length, redacted: report.redacted, madeFrom: demo ?? input.kind };
}

function describe(result: ReportCliResult): string {
  const kb = result.bytes < 1024 ? `${result.bytes} bytes` : `${(result.bytes / 1024).toFixed(0)} KB`;
  return `Saved the ${result.redacted ? 'redacted ' : ''}${result.format.toUpperCase()} report of ${result.servers} server${result.servers === 1 ? '' : 's'} to ${result.path} (${kb}).`;
}

/**
 * `exwiz report (--demo | --from FILE) --format html|json|csv|pdf --out FILE [--redact]`,
 * or `exwiz report --compare OLD NEW [--json]`:
 * the report the wizard exports, from a scan ("exwiz scan --json"), a saved
 * session (session.json) or a saved JSON report.
 */
export function registerReport(program: Command, cli: CliContext, demoScan: DemoScan = scanDemoOrganisation): void {
  program
    .command('report')
    .description('write the report (HTML, JSON, CSV or PDF) of a scan, a saved session or a saved JSON report')
    .option('--demo', 'report on the built-in demo organisation')
    .option('--demo-after', 'report on the demo organisation after its upgrade (to compare with --demo)')
    .option('--from <file>', 'a scan ("exwiz scan --json > scan.json"), a session.json, or a JSON report')
    .addOption(new Option('--format <format>', 'html, json, csv or pdf (default: from the --out extension)').choices(FORMATS))
    .option('--compare <files...>', 'compare two saved JSON reports (older, newer): what changed per server')
    .option('--out <file>', 'the file to write (replaced if it exists)')
    .option('--redact', 'replace every identifying value (host, domain, user, site, certificate and tenant names, IP addresses, thumbprints) with placeholders')
    .option('--json', 'print the result as JSON')
    .action((options: ReportCliOptions) =>
      options.compare
        ? runAction(cli, { json: options.json === true }, () => compareSavedReports(options.compare as string[]), describeComparison)
        : runAction(cli, { json: options.json === true }, () => reportCommand(options, cli, demoScan), describe),
    );
}

/**
 * The built-in demo organisation scanned the way "exwiz scan --demo" does it:
 * discovery of the demo lab, then the real probes through PowerShell. With
 * "after", the same organisation after its upgrade (lab/demo/organisation-after.json),
 * generated as a lab folder and scanned the way "exwiz scan --lab" does it.
 */
export async function scanDemoOrganisation(variant?: 'after'): Promise<ScanReport> {
  const runner = new PowerShellPool(DEMO_CONCURRENCY);
  const dataDirectory = defaultDataDirectory();
  try {
    const discovery: DiscoveryRequest = variant ? { method: 'lab', labDirectory: await prepareDemoLab(runner, dataDirectory, { variant }) } : { method: 'demo' };
    const { report } = await discoverAndScan(
      discovery,
      { organisationHasEsu: false },
      { runner, dataDirectory, concurrency: DEMO_CONCURRENCY, timeoutMs: DEFAULT_SCAN_TIMEOUT_MS, catalog: (await loadActiveCatalog()).catalog },
    );
    return report;
  } finally {
    await runner.dispose();
  }
}

const DEMO_CONCURRENCY = 4;
