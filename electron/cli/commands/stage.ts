import type { Command } from 'commander';
import type { StageResult } from '../../../src-shared/domain/transfer';
import { formatBytes } from '../../engine/transfer/progress';
import { PowerShellHost } from '../../engine/powershell/host';
import { stageUpdateFile } from '../../engine/transfer/transfer-runs';
import { stagingOnThisComputer } from '../../engine/transfer/staging-folder';
import { readThisComputer } from '../../engine/discovery/this-computer';
import { restartAsAdministratorCommand } from '../../../src-shared/domain/this-computer';
import { runAction, type CliContext } from '../run';
import { withTransferConsole } from './download';

interface StageOptions {
  to?: string;
  server?: string;
  json?: boolean;
}

/**
 * `exwiz stage FILE --to PATH` (or `--server NAME` for
 * \\NAME\C$\ExchangeUpdates\<update>\ on Windows): copies a verified file,
 * resumably, and re-checks the copy's SHA-256: on the server itself over
 * PowerShell remoting with --server on Windows, else by reading it back.
 */
export function registerStage(program: Command, cli: CliContext): void {
  program
    .command('stage')
    .description('copy a verified update file to a server (or any folder) and re-verify the copy there')
    .argument('<file>', 'a downloaded or imported file (with its .manifest.json beside it)')
    .option('--to <path>', 'destination folder (local, mounted or \\\\server\\share\\...)')
    .option('--server <name>', 'stage to \\\\NAME\\C$\\ExchangeUpdates\\<update>\\ (Windows)')
    .option('--json', 'print the result as JSON')
    .action((file: string, options: StageOptions) =>
      runAction(
        cli,
        { json: options.json === true },
        () =>
          withTransferConsole(options.json === true, async console => {
            // PowerShell only where the server steps need it (Windows, --server).
            let host: PowerShellHost | null = null;
            const runner = () => (host ??= new PowerShellHost());
            try {
              const ask = { server: options.server, destination: options.to };
              // On the Exchange server itself: its own disk, no share, no remoting back to itself.
              const computer = process.platform === 'win32' && ask.server !== undefined && ask.destination === undefined ? await readThisComputer(runner(), undefined, console.signal) : null;
              const local = stagingOnThisComputer(ask, computer, restartAsAdministratorCommand(process.execPath, process.argv.slice(1)));
              return await stageUpdateFile({ file, ...ask }, { platform: process.platform, demoRoot: null, runner, local }, { signal: console.signal, onProgress: console.onProgress });
            } finally {
              await (host as PowerShellHost | null)?.dispose();
            }
          }),
        describeStage,
      ),
    );
}

/**
 * "Re-verified" only when the server hashed its own copy: a copy read back here proves the bytes
 * match the manifest, and a manifest beside the file could have been written by hand.
 */
export function stageHeadline(result: StageResult): string {
  if (result.checkedBy === 'server')
    return result.alreadyStaged
      ? `Already staged on ${result.server ?? 'the server'} (identical file found, nothing copied; hashed there)`
      : `Staged and re-verified on ${result.server ?? 'the server'}`;
  return result.alreadyStaged
    ? 'Already at the destination (identical file found, nothing copied; read back here, not hashed on a server)'
    : 'Copied and read back (matches its manifest; not hashed on a server)';
}

function describeStage(result: StageResult): string {
  return [
    `${stageHeadline(result)}: ${result.destinationPath}`,
    `  SHA-256     ${result.sha256} (${result.checkedBy === 'server' ? `hashed on ${result.server ?? 'the server'} itself` : 'read back at the destination'})`,
    `  copied      ${formatBytes(result.bytesCopied)}`,
    `  free before ${result.freeBytesBefore === null ? 'unknown' : formatBytes(result.freeBytesBefore)}`,
    `  manifest    ${result.manifestPath}`,
  ].join('\n');
}
