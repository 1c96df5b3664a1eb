import type { Command } from 'commander';
import path from 'node:path';
import { defaultDataDirectory } from '../../engine/paths';
import { activeCatalogLookup } from '../../engine/transfer/package-lookup';
import { CatalogStore } from '../../engine/catalog-store';
import { defaultDownloadDirectory } from '../../engine/transfer/requests';
import { importUpdateFile } from '../../engine/transfer/transfer-runs';
import { runAction, type CliContext } from '../run';
import { describeDownload, withTransferConsole } from './download';

interface ImportOptions {
  update: string;
  out?: string;
  sha256?: string;
  json?: boolean;
}

/**
 * `exwiz import FILE --update <id>`: a file downloaded elsewhere (another
 * computer, the ESU channel) gets the same checks and manifest as a download.
 */
export function registerImport(program: Command, cli: CliContext): void {
  program
    .command('import')
    .description('verify an update file downloaded elsewhere (size, SHA-256, Authenticode on Windows) and keep it with a manifest')
    .argument('<file>', 'the downloaded update file')
    .requiredOption('--update <id>', 'update id from the plan (says what the file must be)')
    .option('--out <dir>', "folder for the verified file (default: the wizard's downloads folder for that update)")
    .option('--sha256 <hex>', 'the published SHA-256, when the catalog has none (ESU packages)')
    .option('--json', 'print the result as JSON')
    .action((file: string, options: ImportOptions) =>
      runAction(
        cli,
        { json: options.json === true },
        () =>
          withTransferConsole(options.json === true, async (console, verifier) => {
            const lookup = await activeCatalogLookup(new CatalogStore(defaultDataDirectory()));
            return importUpdateFile(
              { updateId: options.update, sha256: options.sha256 },
              lookup,
              { source: () => file, directoryFor: pkg => (options.out ? path.resolve(options.out) : defaultDownloadDirectory(defaultDataDirectory(), pkg)) },
              { verifier, signal: console.signal, onProgress: console.onProgress },
            );
          }),
        describeDownload,
      ),
    );
}
