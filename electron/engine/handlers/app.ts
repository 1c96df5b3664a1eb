import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { isAllowedExternalUrl } from '../../../src-shared/domain/external-links';
import { resolvePowerShellExecutable } from '../powershell/executable';
import { DEFAULT_SCAN_TIMEOUT_MS } from '../scan/scan-service';
import type { EngineContext } from '../context';
import type { AppInfo } from '../../../src-shared/ipc/contract';
import { startElevatedAfterExit, type ElevatedRestart } from '../elevation';
import type { EngineHandlers } from '../dispatch';
import { catalogAsOf } from '../../../src-shared/knowledge/catalog';
import { catalogTrustOf } from '../catalog-store';

type AppHandlers = Pick<EngineHandlers, 'getAppInfo' | 'cancelJob' | 'openExternal' | 'choosePath' | 'restartAsAdministrator'>;

/** How a restart that cannot be done from here is done by hand: the exact command. */
function restartByHand(ctx: EngineContext, why: string): AppError {
  return new AppError('unsupported', why, { fix: `Close the wizard, then run in PowerShell: ${ctx.restartCommand}` });
}

export function createAppHandlers(ctx: EngineContext, startElevated: (restart: ElevatedRestart) => void = startElevatedAfterExit): AppHandlers {
  return {
    async getAppInfo() {
      const exe = resolvePowerShellExecutable();
      const available = exe.source !== 'path' || onPath(exe.path);
      const active = await ctx.catalogs.active();
      const { catalog } = active;
      return {
        name: 'Exchange Remediation Wizard',
        version: ctx.options.version,
        mode: ctx.options.mode === 'electron' ? 'electron' : 'browser',
        platform: process.platform,
        catalogAsOf: catalogAsOf(catalog),
        catalogTrust: catalogTrustOf(active),
        powershell: {
          executable: exe.path,
          available,
          detail: available ? `Using ${exe.path} (${exe.source}).` : 'PowerShell was not found: run "npm run ensure-pwsh" or set EXWIZ_PWSH.',
        },
        dataDirectory: ctx.options.dataDirectory,
        session: await ctx.sessions.state(),
        scanTimeoutSeconds: DEFAULT_SCAN_TIMEOUT_MS / 1000,
        thisExchangeServer: await thisExchangeServer(ctx),
      };
    },
    async restartAsAdministrator() {
      const quit = ctx.options.ports.quitForRestart;
      if (!quit) throw restartByHand(ctx, 'In browser mode the wizard cannot restart itself.');
      if (process.platform !== 'win32') throw restartByHand(ctx, 'Only Windows has "Run as administrator".');
      startElevated({ pid: process.pid, executable: process.execPath, args: process.argv.slice(1) });
      await ctx.sessions.appendAudit('restart', 'Restarting as administrator (this computer is an Exchange server).', 'ok').catch(() => undefined);
      setImmediate(quit);
      return { restarting: true };
    },
    async cancelJob({ jobId }) {
      return { cancelled: ctx.jobs.cancel(jobId) };
    },
    async choosePath(request) {
      const choose = ctx.options.ports.choosePath;
      if (!choose) {
        throw new AppError('unsupported', 'Browser mode has no file dialog.', {
          fix: `Put the file into the wizard's data folder (${ctx.options.dataDirectory}) and give its full path.`,
        });
      }
      const chosen = await choose({ kind: request.kind, title: request.title, ...(request.extensions ? { extensions: request.extensions } : {}) });
      // Only what the admin picked in the dialog becomes usable by the page.
      if (chosen !== null) ctx.paths.grant(chosen);
      return { path: chosen };
    },
    async openExternal({ url }) {
      if (!isAllowedExternalUrl(url)) {
        throw new AppError('host-not-allowed', 'Only Microsoft documentation links can be opened from the wizard.', { detail: url });
      }
      await ctx.options.ports.openExternal(url);
      return { opened: true };
    },
  };
}

async function thisExchangeServer(ctx: EngineContext): Promise<AppInfo['thisExchangeServer']> {
  const computer = await ctx.thisComputer();
  if (!computer || computer.exchangeInstallPath === null) return null;
  return { name: computer.name, elevated: computer.elevated, restartCommand: ctx.restartCommand };
}

function onPath(name: string): boolean {
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  const names = process.platform === 'win32' ? [name, `${name}.exe`] : [name];
  return dirs.some(dir => names.some(n => existsSync(path.join(dir, n))));
}
