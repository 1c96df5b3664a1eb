import type { Command } from 'commander';
import { toErrorShape, type AppErrorShape } from '../../../src-shared/domain/errors';
import { classifyBuild, type BuildClassification } from '../../../src-shared/knowledge/index';
import { EXIT } from '../output';
import { runAction, type CliContext } from '../run';
import { loadActiveCatalog } from './catalog';

type BuildResult = BuildClassification | { input: string; error: AppErrorShape };

/**
 * `exwiz build <build>...`: classifies builds in any form Exchange shows them. With --json it
 * prints a JSON array with one object per input, in input order; an input that is not a build
 * gets `{ input, error }` instead of stopping the others. Exit code 1 when any input failed.
 */
export function registerBuild(program: Command, cli: CliContext): void {
  program
    .command('build')
    .description('classify Exchange builds: product, CU, update, release date, EEMS and the certificate cut-offs')
    .argument('<build...>', 'builds as 15.2.986.5, 15.02.0986.005, "Version 15.2 (Build 986.5)" or an X-OWA-Version value')
    .option('--json', 'print a JSON array, one object per input, in input order')
    .action(async (builds: string[], options: { json?: boolean }) => {
      const output = { json: options.json === true };
      let failed = false;
      await runAction(
        cli,
        output,
        async () => {
          const { catalog } = await loadActiveCatalog();
          return builds.map((input): BuildResult => {
            try {
              return classifyBuild(input, { catalog });
            } catch (err) {
              failed = true;
              return { input, error: toErrorShape(err) };
            }
          });
        },
        results => results.map(formatResult).join('\n\n'),
      );
      if (failed && cli.exitCode === EXIT.ok) cli.exitCode = EXIT.failed;
    });
}

function formatResult(r: BuildResult): string {
  if ('error' in r) return `${r.input}\n  error: ${r.error.message}${r.error.fix ? `\n  fix: ${r.error.fix}` : ''}`;
  const lines = [
    `${r.input}${r.input.trim() === r.build ? '' : ` = ${r.build}`}`,
    `  ${r.product} ${r.cu}${r.update ? ` ${r.update}` : ''}, released ${r.releaseDate ?? 'unknown'}${r.kb ? `, ${r.kb}` : ''}${r.esuOnly ? ' (ESU only)' : ''}`,
    `  ${r.known ? 'in the catalog' : `not in the catalog: ${r.resolvedTo?.reason ?? ''}`}`,
    `  support: ${supportText(r)}; latest public update for ${r.cu}: ${r.latestPublicBuild ?? 'none'}${r.onLatestPublicUpdate ? ' (installed)' : ''}`,
    `  EEMS: ${r.eemsAvailable ? 'in this build (not on Edge Transport servers)' : 'not in this build'}`,
  ];
  for (const rule of r.certificateRules) {
    lines.push(`  ${rule.title}: ${rule.satisfied ? 'met' : rule.borderline ? 'borderline' : 'NOT met'} - ${rule.reason}`);
  }
  for (const note of r.notes ?? []) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

function supportText(r: BuildClassification): string {
  if (r.supportState === 'end-of-support') return `${r.product} is out of support${r.productSupportEnds ? ` since ${r.productSupportEnds}` : ''}`;
  if (r.supportState === 'cu-out-of-support') return `${r.cu} no longer gets updates`;
  return 'supported';
}
