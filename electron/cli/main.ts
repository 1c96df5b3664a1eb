import os from 'node:os';
import { Command, CommanderError } from 'commander';
import { isOlderThanMinimumWindows, MINIMUM_WINDOWS_SENTENCE } from '../../src-shared/domain/windows-minimum';
import { registerCommands } from './commands/index';
import { EXIT } from './output';
import type { CliContext } from './run';
import { appVersion } from '../engine/version';

/**
 * exwiz: the wizard's engine on the command line. Every command takes --json
 * for machine-readable output and exits 0 only on success. On Windows older
 * than 10 / Server 2016 it says so and stops (Node.js 20 does not support it).
 */
export async function main(argv: string[], system: { platform: string; release: string } = { platform: process.platform, release: os.release() }): Promise<number> {
  if (isOlderThanMinimumWindows(system.platform, system.release)) {
    process.stderr.write(`exwiz: ${MINIMUM_WINDOWS_SENTENCE} (This is Windows ${system.release}.)\n`);
    return EXIT.failed;
  }
  const cli: CliContext = { version: appVersion(), exitCode: EXIT.ok };
  const program = new Command()
    .name('exwiz')
    .description('Exchange Remediation Wizard: find Exchange servers whose Emergency Mitigation Service is cut off, explain why, and plan the update.')
    .version(cli.version, '-V, --version')
    .showHelpAfterError('(run "exwiz --help" for usage)')
    .exitOverride();
  program.configureOutput({ writeErr: text => process.stderr.write(text) });
  registerCommands(program, cli);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw err;
  }
  return cli.exitCode;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    code => {
      process.exitCode = code;
    },
    err => {
      process.stderr.write(`exwiz: unexpected error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
