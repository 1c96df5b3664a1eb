import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { DownloadResult } from '../../../src-shared/domain/transfer';
import { copyFileRange } from './copy';
import { checkedSha256 } from './downloader';
import { checkFileName, transferPaths } from './file-names';
import type { OpenWritableFile } from './file-sink';
import { errnoCode, fileSystemError } from './fs-errors';
import { hashFileInto, newSha256, RunningSha256 } from './hashing';
import { formatBytes, ProgressMeter, type ProgressListener } from './progress';
import { freeSpace, type FreeSpaceProbe } from './resume-state';
import { discardPartial, existingVerifiedFile, verifyAndSeal } from './seal';
import type { SignatureVerifier } from './signature';

/** A file downloaded elsewhere, and what it must turn out to be. */
export interface ImportRequest {
  source: string;
  /** Folder the verified file goes to (with its manifest). */
  directory: string;
  /** Name it gets there: the catalog's file name for the update. */
  fileName: string;
  updateId: string | null;
  expectedSha256?: string | null;
  expectedSizeBytes?: number | null;
}

export interface ImportDeps {
  verifier: SignatureVerifier;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  openFile?: OpenWritableFile;
  freeSpace?: FreeSpaceProbe;
}

/**
 * Imports an update file obtained elsewhere (another computer, the ESU
 * channel): copies it into `directory` as NAME.partial while hashing it, runs
 * the same checks as a download (size, SHA-256, Authenticode) and seals it
 * with the same manifest. A file already inside `directory` under its final
 * name is verified where it lies and never deleted.
 */
export async function importFile(request: ImportRequest, deps: ImportDeps): Promise<DownloadResult> {
  const fileName = checkFileName(request.fileName, 'The update catalog');
  const expectedSha256 = checkedSha256(request.expectedSha256 ?? null);
  const expectedSizeBytes = request.expectedSizeBytes ?? null;
  const source = path.resolve(request.source);
  const meter = new ProgressMeter(deps.onProgress);
  const paths = transferPaths(path.resolve(request.directory), fileName);

  const info = await stat(source).catch(err => {
    if (errnoCode(err) === 'ENOENT') {
      throw new AppError('not-found', `There is no file ${source}.`, { fix: 'Check the path of the file you want to import.' });
    }
    throw fileSystemError(err, 'read the file to import', source);
  });
  if (!info.isFile()) throw new AppError('invalid-input', `${source} is not a file.`);
  if (expectedSizeBytes !== null && info.size !== expectedSizeBytes) {
    throw new AppError(
      'integrity',
      `${path.basename(source)} has ${info.size} bytes, but this update's file has ${expectedSizeBytes}: it is not the expected file (or it is incomplete). Nothing was imported.`,
      {
        fix: 'Check that you picked the file for the right Exchange version and CU, and that its download had finished.',
      },
    );
  }

  const seal = (bytesAt: 'partial' | 'final', sha256: string) =>
    verifyAndSeal({
      paths,
      bytesAt,
      fileName,
      sha256,
      sizeBytes: info.size,
      expectedSha256,
      expectedSizeBytes,
      updateId: request.updateId,
      sourceUrl: null,
      importedFrom: source,
      verifier: deps.verifier,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  const result = (manifest: Awaited<ReturnType<typeof seal>>, alreadyPresent: boolean): DownloadResult => ({
    path: paths.final,
    manifestPath: paths.manifest,
    manifest,
    resumedFromBytes: 0,
    attempts: alreadyPresent ? 0 : 1,
    ...(alreadyPresent ? { alreadyPresent } : {}),
  });

  await mkdir(path.dirname(paths.final), { recursive: true }).catch(err => {
    throw fileSystemError(err, 'create the folder for imported files', path.dirname(paths.final));
  });

  if (source === paths.final) {
    // Verify in place: hash it, check it, write the manifest beside it.
    const hash = newSha256();
    await hashFileInto(hash, source, {
      ...(deps.signal ? { signal: deps.signal } : {}),
      onProgress: bytes => meter.update('checking', `Checking ${fileName}`, bytes, info.size),
    }).catch(err => {
      throw cancelledOr(err, deps.signal, fileSystemError(err, 'read the file to import', source));
    });
    return result(await seal('final', hash.digest('hex')), false);
  }

  const existing = await existingVerifiedFile(paths, fileName, { expectedSha256, expectedSizeBytes, meter, ...(deps.signal ? { signal: deps.signal } : {}) });
  if (existing) return result(existing, true);

  const free = await (deps.freeSpace ?? freeSpace)(path.dirname(paths.final));
  if (free !== null && free < info.size) {
    throw new AppError('disk-full', `Importing ${fileName} needs ${formatBytes(info.size)}, but only ${formatBytes(free)} is free in ${path.dirname(paths.final)}.`, {
      fix: 'Free some space there or choose another folder.',
    });
  }
  await discardPartial(paths);
  const hash = new RunningSha256();
  try {
    await copyFileRange({
      source,
      target: paths.partial,
      offset: 0,
      hash,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.openFile ? { openFile: deps.openFile } : {}),
      onWritten: position => meter.update('copying', `Importing ${fileName}`, position, info.size),
      sourceLabel: source,
      targetLabel: `the folder ${path.dirname(paths.final)}`,
    });
  } catch (err) {
    // An import is quick to redo from the local file: no half copy is kept.
    await discardPartial(paths);
    throw cancelledOr(err, deps.signal, err);
  }
  meter.notice('verifying', `Verifying ${fileName}`, info.size, info.size);
  return result(await seal('partial', hash.hex()), false);
}

function cancelledOr(err: unknown, signal: AbortSignal | undefined, otherwise: unknown): unknown {
  if (signal?.aborted) return new AppError('cancelled', 'The import was cancelled; nothing was imported.');
  return err instanceof AppError ? err : otherwise;
}
