import path from 'node:path';
import type { Command } from 'commander';
import type { ScanReport } from '../../../src-shared/assessment/scan-report';
import type { ChecklistSection } from '../../../src-shared/wizard/checklist-item';
import { organisationChecklistForScan } from '../../../src-shared/wizard/organisation-checklist';
import { applicableChoices, planWithExtendedProtectionChoices } from '../../../src-shared/assessment/extended-protection-choices';
import type { ExtendedProtectionChoice } from '../../../src-shared/knowledge/extended-protection';
import { runsOnLabel } from '../../../src-shared/wizard/runs-on';
import { readReportInput } from '../../engine/report/input';
import { usageError } from '../output';
import { runAction, type CliContext } from '../run';
import { loadActiveCatalog } from './catalog';
import { scanDemoOrganisation, type DemoScan } from './report';

interface ChecklistCliOptions {
  demo?: boolean;
  from?: string;
  server?: string;
  json?: boolean;
  keepEpOff?: string;
  keepEpOffFrontEndEws?: string;
}

/** What `exwiz checklist --json` prints. */
export interface ChecklistCliResult {
  madeFrom: 'demo' | 'scan' | 'session';
  /** The server asked for with --server, or null for the whole organisation. */
  server: string | null;
  sections: ChecklistSection[];
}

/**
 * `exwiz checklist (--demo | --from FILE) [--server NAME] [--keep-ep-off NAMES]
 * [--keep-ep-off-front-end-ews NAMES] [--json]`: the upgrade runbook the Upgrade step shows, in
 * order: Active Directory preparation, migration projects, each server's update; the two
 * Extended Protection options plan the named servers' Setups with /DoNotEnableEP(_FEEWS). Each
 * item has its id, kind, title, where its commands run (runsOn: the server, an Exchange
 * Management Shell, this jump box), the exact commands to copy, what confirms it and the check the
 * wizard runs itself (autoCheck).
 */
export function registerChecklist(program: Command, cli: CliContext, demoScan: DemoScan = scanDemoOrganisation): void {
  program
    .command('checklist')
    .description('print the upgrade runbook (AD preparation, migrations, each server) with the commands to copy')
    .option('--demo', 'the runbook of the built-in demo organisation')
    .option('--from <file>', 'a scan ("exwiz scan --json > scan.json") or a session.json')
    .option('--server <name>', 'only what concerns this server (its update, its migration, AD preparation)')
    .option('--keep-ep-off <names>', 'servers whose Setup keeps Extended Protection off (/DoNotEnableEP), comma-separated')
    .option('--keep-ep-off-front-end-ews <names>', 'servers whose Setup keeps it off on the front-end EWS only (/DoNotEnableEP_FEEWS, Hybrid Agent)')
    .option('--json', 'print the runbook as JSON')
    .action((options: ChecklistCliOptions) => runAction(cli, { json: options.json === true }, () => makeChecklist(options, demoScan), formatChecklist));
}

async function makeChecklist(options: ChecklistCliOptions, demoScan: DemoScan): Promise<ChecklistCliResult> {
  if ((options.demo === true) === (options.from !== undefined)) {
    usageError('Say which organisation: --demo or --from FILE (one of them).', 'exwiz checklist --from scan.json --server EX01');
  }
  if (options.demo && !options.json) process.stderr.write('Scanning the demo organisation…\n');
  let scan: ScanReport;
  let madeFrom: ChecklistCliResult['madeFrom'] = 'demo';
  // A session's own choices (made in the wizard) are already planned in; the options add to them.
  let saved: Record<string, ExtendedProtectionChoice> = {};
  const { catalog } = await loadActiveCatalog();
  if (options.demo) scan = await demoScan();
  else {
    const input = await readReportInput(path.resolve(options.from as string), () => Promise.resolve(catalog));
    if (input.kind === 'report') return usageError('A JSON report has no plan to make a runbook from.', 'Use the scan ("exwiz scan --json > scan.json") or the session.json the report was made from.');
    if (input.kind === 'session') {
      if (!input.session.scan) return usageError('This session has no scan yet.', 'Scan the organisation in the wizard first, or use "exwiz scan --json".');
      scan = input.session.scan;
      saved = applicableChoices(
        scan.servers.map(s => s.name),
        input.session.extendedProtectionChoices,
      );
    } else scan = input.scan;
    madeFrom = input.kind;
  }
  const choices = extendedProtectionChoices(options);
  // The wizard's use-case: an unknown name is an invalid-input error, which exits 2.
  if (Object.keys(choices).length > 0) scan = planWithExtendedProtectionChoices(scan, { ...saved, ...choices }, catalog);
  let sections = organisationChecklistForScan(scan, { catalog });
  const server = options.server ?? null;
  if (server !== null) {
    const known = scan.servers.find(s => s.name.toLowerCase() === server.toLowerCase() || s.fqdn?.toLowerCase() === server.toLowerCase());
    if (!known) return usageError(`No server "${server}" in this scan.`, `Use one of: ${scan.servers.map(s => s.name).join(', ')}.`);
    sections = sections.filter(
      s => s.kind === 'ad-preparation' || s.server === known.name || (s.kind === 'migration' && scan.plan?.migrations?.find(m => m.id === s.id)?.oldServers.includes(known.name)),
    );
  }
  return { madeFrom, server, sections };
}

/** The Extended Protection choices the options name, by server name. */
function extendedProtectionChoices(options: ChecklistCliOptions): Record<string, ExtendedProtectionChoice> {
  const names = (list: string | undefined) =>
    (list ?? '')
      .split(',')
      .map(n => n.trim())
      .filter(n => n.length > 0);
  const choices: Record<string, ExtendedProtectionChoice> = {};
  for (const name of names(options.keepEpOffFrontEndEws)) choices[name] = 'keep-off-front-end-ews';
  for (const name of names(options.keepEpOff)) choices[name] = 'keep-off';
  return choices;
}

/** The runbook as text: sections numbered, each item with where its commands run, the commands and what confirms it. */
export function formatChecklist(result: ChecklistCliResult): string {
  if (result.sections.length === 0) return result.server ? `Nothing to do for ${result.server}.` : 'Nothing to do: no server in the plan needs an update.';
  const lines: string[] = [];
  result.sections.forEach((section, i) => {
    lines.push(`${i + 1}. ${section.title}`, `   ${section.summary}`, '');
    section.items.forEach((item, j) => {
      const refused = item.refusedBecause ?? [];
      const mark = refused.length > 0 ? '[BLOCKED] ' : item.kind === 'fix' ? '[FIX FIRST] ' : item.heldBy ? '[waits for the fixes above] ' : '';
      lines.push(`   ${i + 1}.${j + 1} ${mark}${item.title}  (${item.id}, ${item.kind})`);
      // A step Setup would refuse shows why, never its commands to run.
      for (const reason of refused) lines.push(`       blocked: ${reason}`);
      if (item.detail) lines.push(`       ${item.detail}`);
      if (refused.length === 0 && item.commands.length > 0 && item.runsOn) lines.push(`       where: ${runsOnLabel(item.runsOn)}`);
      if (refused.length === 0) for (const c of item.commands) lines.push(`       > ${c}`);
      lines.push(`       done when: ${item.confirms}`);
      if (item.autoCheck) lines.push(`       the wizard checks it: ${item.autoCheck.id} on ${item.autoCheck.server}${item.autoCheck.build ? ` (${item.autoCheck.build})` : ''}`);
      for (const l of item.links ?? []) lines.push(`       see: ${l.url}`);
    });
    lines.push('');
  });
  return lines.join('\n').trimEnd();
}
