import type { Command } from 'commander';
import path from 'node:path';
import type { SetupLogAnalysis } from '../../../src-shared/analysis/setup-log/index';
import { analyseSetupLogFile } from '../../engine/setup-log/read-setup-log';
import { runAction, type CliContext } from '../run';

/**
 * `exwiz setup-log <ExchangeSetup.log>`: the outcome of the last Setup run in the log, its cause
 * with the lines that show it, and how to recover. Exit 0 whenever the log was read (whatever
 * Setup's outcome), 1 when it could not be read, 2 for a usage error.
 */
export function registerSetupLog(program: Command, cli: CliContext): void {
  program
    .command('setup-log')
    .description('diagnose the last Setup run in an ExchangeSetup.log: outcome, cause, evidence lines and the fix')
    .argument('<file>', 'the log (C:\\ExchangeSetupLogs\\ExchangeSetup.log on the server, or a copy)')
    .option('--json', 'print the diagnosis as JSON')
    .action((file: string, options: { json?: boolean }) => runAction(cli, { json: options.json === true }, () => analyseSetupLogFile(path.resolve(file)), formatSetupLog));
}

const OUTCOME: Record<SetupLogAnalysis['outcome'], string> = {
  succeeded: 'Setup succeeded: the last run completed successfully.',
  failed: 'Setup failed',
  incomplete: 'Setup did not finish: the last run has neither the success line nor an error (still running, or stopped without saying why).',
};

/** Outcome first, then each cause: its title, the evidence lines, the fix steps. */
export function formatSetupLog(analysis: SetupLogAnalysis): string {
  const first = analysis.causes[0];
  const lines = [analysis.outcome === 'failed' && first ? `${OUTCOME.failed}: ${first.title}` : OUTCOME[analysis.outcome]];
  const c = analysis.context;
  const where = [c.computer && `on ${c.computer}`, c.user && `as ${c.user}`, c.site && `in AD site ${c.site}`].filter(Boolean).join(', ');
  if (where) lines.push(`Run ${where}.`);
  analysis.causes.forEach((cause, i) => {
    lines.push('', analysis.causes.length > 1 ? `Cause ${i + 1}: ${cause.title}` : `Cause: ${cause.title}`, 'Evidence:');
    for (const e of cause.evidence) lines.push(`  line ${e.line}: ${e.text}`);
    lines.push('Fix:');
    cause.fix.forEach((step, n) => lines.push(`  ${n + 1}. ${step}`));
  });
  return lines.join('\n');
}
