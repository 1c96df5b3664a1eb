import path from 'node:path';
import type { WizardSession } from '../../../src-shared/wizard/session';
import { chooseStagingDrive, verificationSummary } from '../../../src-shared/domain/transfer';
import { isServer } from '../../../src-shared/domain/server-identity';
import { stat } from 'node:fs/promises';
import type { JobProgress } from '../../../src-shared/ipc/contract';
import type { UpdatePackage } from '../../../src-shared/knowledge/types';
import type { EngineContext } from '../context';
import { auditEntry } from '../session-store';
import type { EngineHandlers } from '../dispatch';
import type { AllowedHost } from '../transfer/allowed-hosts';
import { demoFaultFromEnv, demoRateFromEnv, startDemoUpdateServer, type DemoUpdateServer } from '../transfer/demo-update-server';
import { activeCatalogLookup, type PackageLookup } from '../transfer/package-lookup';
import type { TransferProgress } from '../transfer/progress';
import type { ProxySetting } from '../transfer/proxy';
import { defaultDownloadDirectory } from '../transfer/requests';
import { downloadUpdateFile, importUpdateFile, stageUpdateFile } from '../transfer/transfer-runs';
import { defaultSignatureVerifier, type SignatureVerifier } from '../transfer/signature';
import { stagingOnThisComputer } from '../transfer/staging-folder';
import { AppError } from '../../../src-shared/domain/errors';
import { stagingHost, stagingRefusal } from '../../../src-shared/wizard/staging-plan';

type TransferHandlers = Pick<EngineHandlers, 'downloadUpdate' | 'importUpdateFile' | 'stageUpdate'>;

export interface TransferHandlerOptions {
  /** Catalog lookup (default: the engine's active catalog, built-in or imported). */
  findPackage?: PackageLookup;
  /** Starts the demo update server (default: startDemoUpdateServer, fault and pace from EXWIZ_DEMO_DOWNLOAD_FAULT and _RATE). */
  startDemoServer?: () => Promise<DemoUpdateServer>;
  verifier?: SignatureVerifier;
  proxy?: ProxySetting;
}

/**
 * downloadUpdate, importUpdateFile and stageUpdate: the engine's transfer
 * services run as cancellable jobs with byte progress, and their results are
 * kept in the session (downloads, staging, audit).
 *
 * When the session's organisation is the demo one, packages come from the
 * demo update server (started on first use, loopback only) and staging to a
 * server goes to a local stand-in for \\server\C$ under the data folder.
 */
export function createTransferHandlers(ctx: EngineContext, options: TransferHandlerOptions = {}): TransferHandlers {
  const baseLookup = async (): Promise<PackageLookup> => options.findPackage ?? (await activeCatalogLookup(ctx.catalogs));
  const verifier = options.verifier ?? defaultSignatureVerifier(() => ctx.scripts());
  const startDemo = options.startDemoServer ?? (() => startDemoUpdateServer({ fault: demoFaultFromEnv(), bytesPerSecond: demoRateFromEnv() }));
  let demoServer: Promise<DemoUpdateServer> | null = null;
  const dataDirectory = ctx.options.dataDirectory;

  async function sources(): Promise<{ lookup: PackageLookup; allowHosts: AllowedHost[]; demo: boolean }> {
    const session = await ctx.sessions.load();
    const catalog = await baseLookup();
    if (session.organisation.mode !== 'demo') return { lookup: catalog, allowHosts: [], demo: false };
    demoServer ??= startDemo().catch(err => {
      demoServer = null;
      throw err;
    });
    const server = await demoServer;
    return { lookup: server.lookup(catalog), allowHosts: [server.allowedHost], demo: true };
  }

  /** Runs a transfer and keeps its result (or its failure) in the session. */
  async function recorded<T>(action: string, describe: (value: T) => string, work: () => Promise<T>, store: (value: T, session: WizardSession) => void): Promise<T> {
    try {
      const value = await work();
      await ctx.sessions.update(session => {
        store(value, session);
        session.audit.push(auditEntry(action, describe(value), 'ok'));
      });
      return value;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const cancelled = (err as { code?: string }).code === 'cancelled';
      await ctx.sessions.appendAudit(action, message, cancelled ? 'cancelled' : 'failed').catch(() => undefined);
      throw err;
    }
  }

  return {
    async downloadUpdate(request) {
      return ctx.jobs.run(request.jobId, 'download', async job => {
        const { lookup, allowHosts } = await sources();
        const download = await recorded(
          'download',
          d => `${d.manifest.fileName} ${d.alreadyPresent ? 'was already downloaded' : 'downloaded'}. ${verificationSummary(d.manifest).text} SHA-256 ${d.manifest.sha256}.`,
          () => {
            const directory = request.directory === undefined ? undefined : ctx.paths.confine(request.directory, 'write');
            return downloadUpdateFile(request, lookup, pkg => directory ?? defaultDownloadDirectory(dataDirectory, pkg), {
              verifier,
              allowHosts,
              // A proxy set explicitly (tests) keeps undici; otherwise the desktop app's own network stack.
              ...(options.proxy ? { proxy: options.proxy } : ctx.options.ports.downloadSource ? { source: ctx.options.ports.downloadSource } : {}),
              signal: job.signal,
              onProgress: p => job.progress(toJobProgress(p)),
            });
          },
          (d, s) => {
            s.downloads = [...s.downloads.filter(x => x.path !== d.path), d];
          },
        );
        return { download };
      });
    },

    async importUpdateFile(request) {
      return ctx.jobs.run(request.jobId, 'import', async job => {
        const { lookup } = await sources();
        const download = await recorded(
          'import',
          d => `${d.manifest.fileName} imported from ${d.manifest.importedFrom ?? 'its folder'}. ${verificationSummary(d.manifest).text} SHA-256 ${d.manifest.sha256}.`,
          () => {
            const where = {
              source: () => ctx.paths.confine(request.path, 'read'),
              directoryFor: (pkg: UpdatePackage) => (request.directory === undefined ? defaultDownloadDirectory(dataDirectory, pkg) : ctx.paths.confine(request.directory, 'write')),
            };
            return importUpdateFile({ updateId: request.updateId, sha256: request.sha256 }, lookup, where, { verifier, signal: job.signal, onProgress: p => job.progress(toJobProgress(p)) });
          },
          (d, s) => {
            s.downloads = [...s.downloads.filter(x => x.path !== d.path), d];
          },
        );
        return { download };
      });
    },

    async stageUpdate(request) {
      return ctx.jobs.run(request.jobId, 'stage', async job => {
        const session = await ctx.sessions.load();
        const demo = session.organisation.mode === 'demo';
        const refusal = stagingRefusal(session, request.file, request.server);
        if (refusal) throw new AppError('invalid-input', refusal);
        // A scanned server is staged on where the scan found it, whatever text the request carries.
        const target = request.server === undefined ? request : { ...request, server: stagingHost(session, request.server) };
        const stage = await recorded(
          'stage',
          r =>
            r.checkedBy === 'server'
              ? `${path.basename(r.destinationPath)} ${r.alreadyStaged ? 'was already staged' : 'staged and re-verified'} at ${r.destinationPath} (SHA-256 computed on the server itself).`
              : `${path.basename(r.destinationPath)} ${r.alreadyStaged ? 'was already' : 'copied'} to ${r.destinationPath} (SHA-256 of the copy read back here, not computed on a server).`,
          async () => {
            const file = ctx.paths.confine(request.file, 'read');
            const destination = request.destination === undefined ? undefined : ctx.paths.confine(request.destination, 'write');
            const local = !demo && stagingOnThisComputer({ server: target.server, destination }, await ctx.thisComputer(), ctx.restartCommand);
            // The drive with room for the file, from the disks the scan read on that server (C: when it has room).
            const scanned = target.server === undefined ? undefined : session.scan?.servers.find(s => isServer(target.server as string, s));
            const size = (await stat(file).catch(() => null))?.size ?? 0;
            const drive = chooseStagingDrive(scanned?.facts?.disks, size);
            return stageUpdateFile(
              { file, server: target.server, destination },
              {
                platform: process.platform,
                demoRoot: demo ? path.join(dataDirectory, 'demo-servers') : null,
                runner: () => ctx.scripts(),
                local,
                drive,
                credential: ctx.credentials.get(target.server),
              },
              { signal: job.signal, onProgress: p => job.progress(toJobProgress(p, request.server)) },
            );
          },
          (r, s) => {
            s.staging = [...s.staging.filter(x => x.destinationPath !== r.destinationPath), r];
          },
        );
        return { stage };
      });
    },
  };
}

/** A transfer progress report as a job progress event (bytes, rate, ETA). */
export function toJobProgress(progress: TransferProgress, serverName?: string): Omit<JobProgress, 'jobId' | 'kind'> {
  return {
    phase: 'progress',
    message: progress.message,
    completed: progress.completed,
    total: progress.total,
    unit: 'bytes',
    ...(serverName ? { serverName } : {}),
    ...(progress.bytesPerSecond === undefined ? {} : { bytesPerSecond: progress.bytesPerSecond }),
    ...(progress.etaSeconds === undefined ? {} : { etaSeconds: progress.etaSeconds }),
  };
}
