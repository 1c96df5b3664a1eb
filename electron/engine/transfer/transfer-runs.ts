import type { DownloadResult, StageResult } from '../../../src-shared/domain/transfer';
import type { UpdatePackage } from '../../../src-shared/knowledge/types';
import type { ScriptRunner } from '../powershell/host';
import type { ServerCredential } from '../credentials';
import type { AllowedHost } from './allowed-hosts';
import { downloadFile } from './downloader';
import { importFile } from './importer';
import { requirePackage, type PackageLookup } from './package-lookup';
import type { ProgressListener } from './progress';
import type { ProxySetting } from './proxy';
import { resolveDownload, resolveStagingDirectory, type DownloadAsk } from './requests';
import type { SignatureVerifier } from './signature';
import { stageFile } from './stager';
import { serverFolderStep } from './staging-folder';

/*
 * The transfer use-cases as the engine's Download and Stage steps and `exwiz download|import|stage`
 * both run them: what to fetch or copy is resolved against the catalog and the manifest the same
 * way, whoever asks. The callers add only how they report progress and where results are kept.
 */

/** How one transfer runs: its cancel signal and where its progress goes. */
export interface TransferRun {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/** Downloads an update (by catalog id, or an https address) into `directoryFor(package)`, verified. */
export function downloadUpdateFile(
  ask: DownloadAsk,
  lookup: PackageLookup,
  directoryFor: (pkg: UpdatePackage | null) => string,
  run: TransferRun & { verifier: SignatureVerifier; allowHosts?: readonly AllowedHost[]; proxy?: ProxySetting },
): Promise<DownloadResult> {
  return downloadFile(resolveDownload(ask, lookup, directoryFor), run);
}

/**
 * Verifies a file downloaded elsewhere as the update `updateId` must be, and keeps it in
 * `where.directoryFor(package)`. The paths are asked for once the update is known, so an unknown
 * update is said before a path is refused.
 */
export function importUpdateFile(
  ask: { updateId: string; sha256?: string | undefined },
  lookup: PackageLookup,
  where: { source: () => string; directoryFor: (pkg: UpdatePackage) => string },
  run: TransferRun & { verifier: SignatureVerifier },
): Promise<DownloadResult> {
  const pkg = requirePackage(lookup, ask.updateId);
  return importFile(
    { source: where.source(), directory: where.directoryFor(pkg), fileName: pkg.fileName, updateId: pkg.id, expectedSha256: ask.sha256 ?? pkg.sha256, expectedSizeBytes: pkg.sizeBytes },
    run,
  );
}

/**
 * Copies a verified file to a server's ExchangeUpdates folder (or a destination folder) and
 * checks the copy: on the server itself where PowerShell remoting can (Windows, a server name,
 * not the demo), else by reading it back. `local`: the server is this computer (its own disk, no
 * share, no remoting back to itself); `drive`: the server's drive with room for the file;
 * `credential`: "Connect as…" for that server.
 */
export async function stageUpdateFile(
  ask: { file: string; server?: string | undefined; destination?: string | undefined },
  where: { platform: NodeJS.Platform; demoRoot: string | null; runner: () => ScriptRunner; local?: boolean; drive?: string; credential?: ServerCredential | undefined },
  run: TransferRun,
): Promise<StageResult> {
  const placement = { ...(where.local !== undefined ? { local: where.local } : {}), ...(where.drive !== undefined ? { drive: where.drive } : {}) };
  const destinationDirectory = await resolveStagingDirectory(ask, { platform: where.platform, demoRoot: where.demoRoot, ...placement });
  return stageFile(
    { file: ask.file, destinationDirectory, server: ask.server ?? null },
    {
      ...run,
      ...serverFolderStep(ask, {
        platform: where.platform,
        demo: where.demoRoot !== null,
        runner: where.runner,
        ...(run.signal ? { signal: run.signal } : {}),
        ...placement,
        credential: where.credential,
      }),
    },
  );
}
