import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError, type AppErrorShape } from '../../../src-shared/domain/errors';
import type { ScanReport, ServerScanResult } from '../../../src-shared/assessment/scan-report';
import { splitHostList, validateHostName } from '../../../src-shared/domain/host-names';
import type { DiscoveryRequest } from '../../engine/discovery/discover';
import { defaultDataDirectory } from '../../engine/paths';
import { readInputFile } from '../../engine/report/files';
import { PowerShellPool } from '../../engine/powershell/pool';
import { discoverAndScan } from '../../engine/organisation/organisation-scan';
import { loadActiveCatalog } from './catalog';
import type { LabConfiguration } from '../../engine/scan/probe';
import { DEFAULT_SCAN_PARALLELISM, DEFAULT_SCAN_TIMEOUT_MS } from '../../engine/scan/scan-service';
import { usageError } from '../output';
import { runAction, type CliContext } from '../run';
import { inWorstFirstOrder } from '../../../src-shared/assessment/worst-first';

interface ScanOptions {
  demo?: boolean;
  lab?: string;
  servers?: string;
  esu?: boolean;
  json?: boolean;
  out?: string;
  timeout: number;
  concurrency: number;
  labConfig?: string;
}

/** What `exwiz scan --json` prints: the scan report plus what discovery could not do. */
export type ScanOutput = ScanReport & { discoveryErrors: AppErrorShape[] };

/**
 * `exwiz scan [--demo | --lab DIR | --servers a,b] [--json] [--out FILE]`:
 * finds the servers, probes each in one PowerShell batch (several at once),
 * and prints the report. A server that cannot be probed gets a typed error
 * with its fix in the report; the command still succeeds.
 */
export function registerScan(program: Command, cli: CliContext): void {
  program
    .command('scan')
    .description('scan Exchange servers the way Health Checker does and report their EEMS state')
    .option('--demo', 'scan the built-in demo organisation')
    .option('--lab <dir>', 'scan a lab folder of captures (one server, or a folder of server folders)')
    .option('--servers <names>', 'scan these servers (comma-separated names or FQDNs) over WinRM and the Exchange Management Shell')
    .option('--esu', 'the organisation has Extended Security Updates for Exchange 2016/2019')
    .option('--json', 'print the report as JSON')
    .option('--out <file>', 'also write the JSON report to this file')
    .option('--timeout <seconds>', 'per-server time limit', parsePositive, DEFAULT_SCAN_TIMEOUT_MS / 1000)
    .option('--concurrency <n>', 'the most servers probed at once', parsePositive, DEFAULT_SCAN_PARALLELISM)
    .option('--lab-config <file>', "JSON merged over every lab server's lab.json (variants, captures, simulate)")
    .action((options: ScanOptions) => runAction(cli, { json: options.json === true }, () => runScan(options), describeScan));
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3600) throw new AppError('invalid-input', `"${value}" is not a whole number from 1 to 3600.`);
  return n;
}

function discoveryRequest(options: ScanOptions): DiscoveryRequest {
  const chosen = [options.demo === true, options.lab !== undefined, options.servers !== undefined].filter(Boolean).length;
  if (chosen !== 1) usageError('Choose exactly one of --demo, --lab <dir> or --servers <names>.', 'Try "exwiz scan --demo" to see the demo organisation.');
  if (options.demo) return { method: 'demo' };
  if (options.lab !== undefined) return { method: 'lab', labDirectory: path.resolve(options.lab) };
  return { method: 'manual', names: typedServerNames(options.servers ?? '') };
}

/**
 * The names of --servers, each valid, or a usage error before anything runs: a list with one
 * bad entry ("ex01$(…)", a quote, a control character) is refused whole, like a single bad name,
 * instead of scanning the rest with a warning the admin may not read.
 */
function typedServerNames(text: string): string[] {
  const names = splitHostList(text);
  if (names.length === 0) usageError('--servers names no server.', 'Give one or more server names, e.g. --servers ex01,ex02.contoso.local');
  for (const name of names) {
    const check = validateHostName(name);
    if (!check.valid)
      usageError(
        `A name given with --servers is not a valid server name, so nothing was scanned: ${check.error}`,
        'Use the NetBIOS name, the full DNS name (ex01.contoso.local) or the IPv4 address of each server, separated by commas.',
      );
  }
  return names;
}

async function readLabConfig(file: string | undefined): Promise<LabConfiguration | undefined> {
  if (file === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readInputFile(file));
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid-input', `${file} is not a readable JSON file.`, { detail: err instanceof Error ? err.message : String(err) });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AppError('invalid-input', `${file} must hold a JSON object.`);
  return parsed as LabConfiguration;
}

async function runScan(options: ScanOptions): Promise<ScanOutput> {
  const request = discoveryRequest(options);
  const labConfiguration = await readLabConfig(options.labConfig);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  // One host runs the scan's batch (it fans out inside), one runs discovery.
  const runner = new PowerShellPool(2, { defaultTimeoutMs: options.timeout * 1000 });
  const dataDirectory = defaultDataDirectory();
  const quiet = options.json === true;
  try {
    if (!quiet) process.stderr.write('Looking for servers…\n');
    const { report, discoveryErrors } = await discoverAndScan(
      request,
      { organisationHasEsu: options.esu === true, ...(labConfiguration ? { labConfiguration } : {}) },
      {
        runner,
        dataDirectory,
        catalog: (await loadActiveCatalog()).catalog,
        concurrency: options.concurrency,
        timeoutMs: options.timeout * 1000,
        job: {
          signal: controller.signal,
          progress: update => {
            if (!quiet && update.phase === 'item-finished') process.stderr.write(`  ${update.message}\n`);
          },
        },
      },
      found => {
        if (quiet) return; // In --json mode these are in the output's discoveryErrors.
        for (const error of found.errors) process.stderr.write(`warning: ${error.message}${error.fix ? `\n  fix: ${error.fix}` : ''}\n`);
        if (found.servers.length > 0) process.stderr.write(`Scanning ${found.servers.length} server(s), up to ${options.concurrency} at a time…\n`);
      },
    );
    const output: ScanOutput = { ...report, discoveryErrors };
    if (options.out) await writeFile(path.resolve(options.out), `${JSON.stringify(output, null, 2)}\n`, 'utf8');
    return output;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await runner.dispose();
  }
}

function yesNo(value: boolean | null | undefined): string {
  return value === null || value === undefined ? 'unknown' : value ? 'yes' : 'no';
}

function serverLines(server: ServerScanResult): string[] {
  const f = server.facts;
  const head = `${server.name}${server.fqdn ? ` (${server.fqdn})` : ''}: ${server.severity.toUpperCase()}`;
  const lines = [head];
  const product = [server.product, server.cu, server.update].filter(Boolean).join(' ');
  lines.push(`  build       ${server.build ?? 'unknown'}${product ? ` — ${product}` : ''}; roles ${server.roles.join(', ') || 'unknown'}`);
  if (server.error) {
    lines.push(`  problem     ${server.error.message}`);
    if (server.error.fix) lines.push(`  fix         ${server.error.fix}`);
  }
  if (f) {
    const e = f.eems;
    if (!f.identity.isEdge) {
      lines.push(
        `  EEMS        enabled org ${yesNo(e.orgMitigationsEnabled)} / server ${yesNo(e.serverMitigationsEnabled)}; service ${e.service ? `${e.service.status} (${e.service.startType})` : 'not installed'}`,
      );
      const ocs = e.ocsTest;
      lines.push(
        `  OCS test    ${ocs === null ? 'not run' : ocs.statusCode === 200 ? 'HTTP 200, reachable' : `failed: ${ocs.error ?? `HTTP ${ocs.statusCode}`}`}${ocs?.proxy ? ` (via ${ocs.proxy})` : ''}`,
      );
      const events = e.events1008;
      lines.push(`  event 1008  ${events === null ? 'could not be read' : events.length === 0 ? 'none in 30 days' : `${events.length} in 30 days, latest: ${events[0]?.message.slice(0, 160)}`}`);
      if (e.certificateLogLines && e.certificateLogLines.length > 0) lines.push(`  EEMS log    ${e.certificateLogLines[0]?.line.slice(0, 160)}`);
    }
    if (f.reboot?.pending) lines.push(`  reboot      pending (${f.reboot.sources.join(', ')})`);
    if (f.sectionErrors.length > 0) lines.push(`  not read    ${f.sectionErrors.map(s => s.section).join(', ')}`);
  }
  for (const finding of server.findings.slice(0, 8)) lines.push(`  [${finding.severity}] ${finding.title}`);
  if (server.eems) lines.push(`  verdict     ${server.eems.verdict}: ${server.eems.explanation}`);
  return lines;
}

/** The human report: one block per server, worst first. */
export function describeScan(output: ScanOutput): string {
  const s = output.summary;
  const servers = inWorstFirstOrder(output.servers, s.worstFirst);
  const lines = [
    `Scan of ${s.serverCount} server(s) (${output.source}), ${output.generatedAt}`,
    `critical ${s.bySeverity.critical}, warning ${s.bySeverity.warning}, info ${s.bySeverity.info}, ok ${s.bySeverity.ok}; not reachable: ${s.unreachableCount}`,
    '',
  ];
  for (const server of servers) lines.push(...serverLines(server), '');
  return lines.join('\n').trimEnd();
}
