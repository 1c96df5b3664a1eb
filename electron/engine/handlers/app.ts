import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { isAllowedExternalUrl } from '../../../src-shared/domain/external-links';
import { resolvePowerShellExecutable } from '../powershell/executable';
import { DEFAULT_SCAN_TIMEOUT_MS } from '../scan/scan-service';
import type { EngineContext } from '../context';
import type { EngineHandlers } from '../dispatch';
import { catalogAsOf } from '../../../src-shared/knowledge/catalog';
import { catalogTrustOf } from '../catalog-store';

type AppHandlers = Pick<EngineHandlers, 'getAppInfo' | 'cancelJob' | 'openExternal' | 'choosePath'>;

export function createAppHandlers(ctx: EngineContext): AppHandlers {
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
      };
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

function onPath(name: string): boolean {
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  const names = process.platform === 'win32' ? [name, `${name}.exe`] : [name];
  return dirs.some(dir => names.some(n => existsSync(path.join(dir, n))));
}
