import { InvalidArgumentError, type Command } from 'commander';
import { planServer, type Catalog, type PlanInput, type ServerPlan } from '../../../src-shared/knowledge/index';
import { usageError } from '../output';
import { runAction, type CliContext } from '../run';
import { loadActiveCatalog } from './catalog';

interface PlanCliOptions {
  build: string;
  os?: string;
  esu?: boolean;
  edge?: boolean;
  dag?: string;
  dotnet?: number;
  name: string;
  json?: boolean;
}

/**
 * `exwiz plan --build <build>`: the update plan for one server. Facts the command line does not
 * give (Visual C++, UCMA, URL Rewrite, disk space) are "not known" in the prerequisites; the
 * wizard's scan fills them in.
 */
export function registerPlan(program: Command, cli: CliContext): void {
  program
    .command('plan')
    .description('plan the update of one Exchange server from its build')
    .requiredOption('--build <build>', "the server's build (ExSetup.exe version, e.g. 15.2.1748.39)")
    .option('--os <os>', 'Windows Server version: 2016, 2019, 2022, 2025, "2012 R2" or a build number such as 17763')
    .option('--esu', 'the organisation buys Extended Security Updates for Exchange 2016/2019')
    .option('--edge', 'the server is an Edge Transport server')
    .option('--dag <name>', 'the server is a member of this DAG')
    .option('--dotnet <release>', '.NET Framework Release value (528040 = 4.8, 533320 = 4.8.1)', parseRelease)
    .option('--name <server>', 'server name shown in the plan', 'server')
    .option('--json', 'print the plan as JSON')
    .action((options: PlanCliOptions) =>
      runAction(
        cli,
        { json: options.json === true },
        async () => {
          const { catalog } = await loadActiveCatalog();
          const input: PlanInput = {
            serverName: options.name,
            build: options.build,
            isEdge: options.edge === true,
            roles: options.edge ? ['Edge'] : ['Mailbox'],
            osProductName: null,
            osBuildNumber: options.os === undefined ? null : osBuildNumber(catalog, options.os),
            dotNetRelease: options.dotnet ?? null,
            vcRedist2012: null,
            vcRedist2013: null,
            ucmaInstalled: null,
            urlRewriteInstalled: null,
            dagName: options.dag ?? null,
            installDriveFreeBytes: null,
          };
          return planServer(input, { hasEsu: options.esu === true, catalog });
        },
        formatPlan,
      ),
    );
}

function parseRelease(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected the .NET Release number, e.g. 528040');
  return n;
}

/** Windows build number from "2019", "Windows Server 2019", "ws2019", "17763" or "10.0.17763". */
export function osBuildNumber(catalog: Catalog, text: string): number {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/^windows\s+server\s+/, '')
    .replace(/^ws/, '')
    .replace(/\s+/g, ' ');
  const numeric = /^(?:10\.0\.)?(\d{4,5})$/.exec(t);
  for (const os of catalog.osVersions) {
    const year = os.name.toLowerCase().replace(/^windows server /, '');
    if (t === year || t === year.replace(' ', '') || (numeric && Number(numeric[1]) === os.buildNumber)) return os.buildNumber;
  }
  // An unlisted build number (not a year) is passed on: the plan then says the OS is not supported or not known.
  if (numeric && (t.startsWith('10.0.') || Number(numeric[1]) >= 10000)) return Number(numeric[1]);
  return usageError(
    `"${text}" is not a Windows Server version the catalog knows.`,
    `Use one of: ${catalog.osVersions.map(o => o.name.replace('Windows Server ', '')).join(', ')}, or a build number such as 17763.`,
  );
}

function formatPlan(plan: ServerPlan): string {
  const lines = [
    `${plan.serverName}: ${plan.currentBuild ?? 'build unknown'}${plan.target ? ` -> ${plan.target.product} ${plan.target.cu}${plan.target.update ? ` ${plan.target.update}` : ''} (${plan.target.build})` : ''}`,
    '',
    plan.summary,
    '',
  ];
  plan.steps.forEach((step, i) => {
    lines.push(`${i + 1}. ${step.title}${step.esuOnly ? ' [ESU only]' : ''}`);
    lines.push(`   ${step.why}`);
    if (step.updateId) lines.push(`   package: ${step.updateId}`);
    for (const c of step.commands ?? []) lines.push(`   run: ${c}`);
    for (const p of step.prerequisites) lines.push(`   [${p.met === null ? '?' : p.met ? 'ok' : 'MISSING'}] ${p.title}: ${p.detail}`);
  });
  const m = plan.migration;
  if (m) {
    lines.push('', `New server (${m.newServerProduct}${m.newServerCu === 'RTM' ? '' : ` ${m.newServerCu}`} on ${m.newServerOs.join(', ')}): ${m.why}`);
    m.newServerSteps.forEach((step, i) => lines.push(`  n${i + 1}. ${step.title}`, ...(step.commands ?? []).map(c => `      run: ${c}`)));
    if (m.afterRemovalSteps.length > 0) {
      lines.push(`Once no ${m.fromProduct} server is left:`);
      m.afterRemovalSteps.forEach((step, i) => lines.push(`  r${i + 1}. ${step.title}`, ...(step.commands ?? []).map(c => `      run: ${c}`)));
    }
    lines.push('The whole migration (certificate, URLs, mail flow, mailbox moves, removal) is in "exwiz checklist".');
  }
  if (plan.notes.length > 0) lines.push('', ...plan.notes.map(n => `note: ${n}`));
  lines.push('', plan.fixesEems ? 'After this plan EEMS works again.' : 'This plan does not make EEMS work on this server.');
  return lines.join('\n');
}
