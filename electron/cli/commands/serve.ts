import type { Command } from 'commander';
import { OPEN_IN_EDGE_OR_CHROME } from '../../bridge/old-browser';
import { findRunningPage, recordRunningPage, runningPageFile } from '../../bridge/running-page';
import { startBridgeServer } from '../../bridge/server';
import { dataFolderError, ensureDataFolderWritable } from '../../engine/data-folder';
import { createEngine } from '../../engine/engine';
import { defaultDataDirectory, rendererDirectory } from '../../engine/paths';
import { openInSystemBrowser } from '../../engine/system-open';
import { printHtmlWithChromium } from '../../engine/chromium-pdf';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { runAction, type CliContext } from '../run';

/**
 * `exwiz serve`: the wizard in the local browser, for machines without the
 * Electron binary (air-gapped installs, Linux, CI). `npm start` falls back to it.
 */
export function registerServe(program: Command, cli: CliContext): void {
  program
    .command('serve')
    .description('run the wizard in your browser, bridged to the engine on 127.0.0.1 only')
    .option('--port <port>', 'port on 127.0.0.1 (default: a free one)', parsePort, 0)
    .option('--no-open', 'print the address instead of opening the browser')
    .action((options: { port: number; open: boolean }) =>
      runAction(cli, { json: false }, async () => {
        const renderer = rendererDirectory();
        if (!existsSync(path.join(renderer, 'index.html'))) {
          throw new AppError('not-found', 'The wizard has not been built yet.', { fix: 'Run "npm run build" first.' });
        }
        const dataDirectory = defaultDataDirectory();
        const pageFile = runningPageFile(dataDirectory);
        // A wizard already serves this data folder: open its page (same session, same step) rather than a read-only second one.
        const running = await findRunningPage(pageFile);
        if (running) {
          process.stdout.write(`The wizard is already running at ${running}\n(your session is kept: the page opens on the step you were on)\n`);
          if (options.open) await openInSystemBrowser(running).catch(() => process.stdout.write('Could not open a browser automatically: open the address above.\n'));
          return null;
        }
        // Before a port or PowerShell is taken: a full disk or read-only folder ends the start here, in one sentence.
        await ensureDataFolderWritable(dataDirectory);
        const engine = createEngine({
          mode: 'browser',
          version: cli.version,
          warmPowerShell: true,
          dataDirectory,
          ports: { openExternal: openInSystemBrowser, printToPdf: printHtmlWithChromium },
        });
        // Whatever fails from here on frees the port and PowerShell, so the process exits with the error instead of hanging.
        try {
          const server = await startBridgeServer({ engine, rendererDirectory: renderer, port: options.port });
          try {
            let forget: () => void;
            try {
              forget = recordRunningPage(pageFile, server.url);
            } catch (err) {
              throw dataFolderError(err, dataDirectory);
            }
            process.stdout.write(`The wizard is running at ${server.url}\n(only this computer can connect; press Ctrl+C to stop)\n`);
            // Windows Server 2016/2019 open Internet Explorer by default, which cannot run the page.
            if (process.platform === 'win32') process.stdout.write(`${OPEN_IN_EDGE_OR_CHROME}\n`);
            if (options.open) {
              await openInSystemBrowser(server.url).catch(() => {
                process.stdout.write('Could not open a browser automatically: open the address above.\n');
              });
            }
            await new Promise<void>(resolve => {
              process.once('SIGINT', resolve);
              process.once('SIGTERM', resolve);
            });
            forget();
          } finally {
            await server.close();
          }
        } finally {
          await engine.dispose();
        }
        return null;
      }),
    );
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('invalid-input', `"${value}" is not a port number.`);
  return port;
}
