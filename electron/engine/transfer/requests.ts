import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { UpdatePackage } from '../../../src-shared/knowledge/types';
import type { DownloadRequest } from './downloader';
import { checkedSha256 } from './downloader';
import { readManifest } from './json-files';
import { MANIFEST_SUFFIX } from './file-names';
import { downloadUrlOf, requirePackage, type PackageLookup } from './package-lookup';
import { defaultStagingDirectory, stagingFolderName } from './stager';

/** A download as asked for by the UI or the CLI: an update id, a URL, or both. */
export interface DownloadAsk {
  updateId?: string | undefined;
  url?: string | undefined;
  sha256?: string | undefined;
}

/**
 * Turns an ask into a download request. With an update id the catalog gives
 * the link, the file name, the SHA-256 and the size; with a URL the file name
 * comes from the URL; with both, the URL is used and the catalog still gives
 * what the file must be. A SHA-256 from the admin must agree with the catalog.
 */
export function resolveDownload(ask: DownloadAsk, lookup: PackageLookup, directoryFor: (pkg: UpdatePackage | null) => string): DownloadRequest {
  if (ask.updateId === undefined && ask.url === undefined) {
    throw new AppError('invalid-input', "Say what to download: an update id from the plan, or --url with the file's address.");
  }
  const pkg = ask.updateId === undefined ? null : requirePackage(lookup, ask.updateId);
  const given = checkedSha256(ask.sha256 ?? null);
  const fromCatalog = pkg?.sha256 ? checkedSha256(pkg.sha256) : null;
  if (given !== null && fromCatalog !== null && given !== fromCatalog) {
    throw new AppError('invalid-input', `The SHA-256 you gave differs from the one the catalog has for ${pkg?.id}.`, {
      fix: "Check the hash on the update's KB page; leave --sha256 out to use the catalog's.",
      detail: `given ${given}, catalog ${fromCatalog}`,
    });
  }
  const request: DownloadRequest = {
    url: ask.url ?? downloadUrlOf(pkg!),
    directory: directoryFor(pkg),
    updateId: pkg?.id ?? null,
    expectedSha256: given ?? fromCatalog,
    expectedSizeBytes: pkg?.sizeBytes ?? null,
  };
  if (ask.url === undefined && pkg) request.fileName = pkg.fileName;
  return request;
}

/** Where an update's files go by default: <data folder>/downloads/<update id or "manual">. */
export function defaultDownloadDirectory(dataDirectory: string, pkg: UpdatePackage | null): string {
  return path.join(dataDirectory, 'downloads', pkg?.id ?? 'manual');
}

export interface StagingAsk {
  file: string;
  server?: string | undefined;
  destination?: string | undefined;
}

/**
 * The folder a verified file is staged into: the destination when given;
 * otherwise \\server\C$\ExchangeUpdates\<update>\ (Windows only), or, for the
 * demo organisation, a local stand-in for that share under `demoRoot`. When the
 * server is the computer the wizard runs on (`local`), its own disk:
 * C:\ExchangeUpdates\<update>\, no share.
 */
export async function resolveStagingDirectory(ask: StagingAsk, options: { platform: NodeJS.Platform; demoRoot: string | null; local?: boolean; drive?: string }): Promise<string> {
  if (ask.destination !== undefined) return path.resolve(ask.destination);
  if (ask.server === undefined) throw new AppError('invalid-input', 'Say where to stage the file: a server name or a destination folder.');
  const read = await readManifest(path.resolve(ask.file) + MANIFEST_SUFFIX).catch(() => null);
  const folder = read && read !== 'invalid' ? stagingFolderName(read.value) : 'manual';
  const drive = options.drive ?? 'C';
  const unc = defaultStagingDirectory(ask.server, folder, drive);
  if (options.local && options.demoRoot === null) return path.win32.join(`${drive}:\\`, 'ExchangeUpdates', folder);
  if (options.demoRoot !== null) {
    const server = unc.split('\\')[2]!;
    return path.join(options.demoRoot, server, `${drive}$`, 'ExchangeUpdates', folder);
  }
  if (options.platform !== 'win32') {
    throw new AppError('unsupported', `Copying to ${unc} needs Windows (the server's administrative share).`, {
      fix: 'Mount the share yourself and give that folder as the destination (exwiz stage FILE --to /mnt/ex01/ExchangeUpdates).',
    });
  }
  return unc;
}
