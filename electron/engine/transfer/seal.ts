import { stat } from 'node:fs/promises';
import { removeRetried, renameRetried } from '../fs-retry';
import { AppError } from '../../../src-shared/domain/errors';
import { MANIFEST_SCHEMA_VERSION, type FileManifest } from '../../../src-shared/domain/transfer';
import type { TransferPaths } from './file-names';
import { errnoCode, fileSystemError } from './fs-errors';
import { normaliseSha256, sha256OfFile } from './hashing';
import { readManifest, writeJsonAtomic } from './json-files';
import { formatBytes, type ProgressMeter } from './progress';
import type { SignatureVerifier } from './signature';

/** What is known about the finished bytes and where they came from. */
export interface SealInput {
  paths: TransferPaths;
  /**
   * Where the bytes are: NAME.partial (renamed to NAME once verified, deleted
   * when a check fails), or NAME itself for a file verified where it lies
   * (an import from the download folder: then nothing is renamed or deleted).
   */
  bytesAt: 'partial' | 'final';
  fileName: string;
  sha256: string;
  sizeBytes: number;
  expectedSha256: string | null;
  expectedSizeBytes: number | null;
  updateId: string | null;
  sourceUrl: string | null;
  importedFrom: string | null;
  verifier: SignatureVerifier;
  signal?: AbortSignal;
}

/**
 * The last step of a download or an import: checks size, hash and signature of
 * NAME.partial and only then writes NAME.manifest.json and renames the partial
 * to NAME. A file that fails a check is deleted (its bytes are wrong, resuming
 * into them would only fail again) and never gets a manifest.
 */
export async function verifyAndSeal(input: SealInput): Promise<FileManifest> {
  const { paths } = input;
  const bytes = input.bytesAt === 'partial' ? paths.partial : paths.final;
  // Never delete a file the admin put there: only our own partial is discarded.
  const reject = async () => {
    if (input.bytesAt === 'partial') await discardPartial(paths);
  };
  const deleted = input.bytesAt === 'partial' ? ' It was deleted.' : '';
  const sha256 = normaliseSha256(input.sha256);
  const expectedSha256 = input.expectedSha256 === null ? null : normaliseSha256(input.expectedSha256);
  if (input.expectedSizeBytes !== null && input.sizeBytes !== input.expectedSizeBytes) {
    await reject();
    throw new AppError('integrity', `${input.fileName} has the wrong size: ${formatBytes(input.sizeBytes)} (${input.sizeBytes} bytes) instead of ${input.expectedSizeBytes} bytes.${deleted}`, {
      fix: "Download it again; if it keeps happening, get the file from the update's KB or Download Center page and import it.",
    });
  }
  if (expectedSha256 !== null && sha256 !== expectedSha256) {
    await reject();
    throw new AppError('integrity', `${input.fileName} does not match its published SHA-256: the file is damaged or not the expected one.${deleted}`, {
      fix: "Download it again. If the hash still differs, do not install it: check the hash on the update's KB page.",
      detail: `expected ${expectedSha256}, got ${sha256}`,
    });
  }
  const signature = await input.verifier.verify(bytes, input.fileName, input.signal);
  if (signature.failed) {
    await reject();
    throw new AppError('integrity', `${input.fileName} failed the signature check: ${signature.reason ?? signature.check.status}${deleted}`, {
      fix: 'Do not install this file. Download it again from Microsoft; if the check still fails, report it.',
      detail: `status ${signature.check.status}; signer ${signature.check.signer ?? 'none'}; root ${signature.check.chainRoot ?? 'none'}`,
    });
  }
  const manifest: FileManifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    fileName: input.fileName,
    updateId: input.updateId,
    sourceUrl: input.sourceUrl,
    importedFrom: input.importedFrom,
    sizeBytes: input.sizeBytes,
    sha256,
    expectedSha256,
    expectedSizeBytes: input.expectedSizeBytes,
    signature: signature.check,
    verifiedAt: new Date().toISOString(),
  };
  try {
    // Manifest first: a crash between the two leaves a manifest without its
    // file (ignored and replaced later), never a file without its manifest
    // that a later run could mistake for a verified one.
    await writeJsonAtomic(paths.manifest, manifest);
    if (input.bytesAt === 'partial') await renameRetried(paths.partial, paths.final);
  } catch (err) {
    throw fileSystemError(err, `finish ${input.fileName}`, `the folder of ${paths.final}`);
  }
  await removeRetried(paths.state);
  return manifest;
}

/** Deletes the partial file and its resume state. */
export async function discardPartial(paths: TransferPaths): Promise<void> {
  await removeRetried(paths.partial);
  await removeRetried(paths.state);
}

export interface ExistingCheck {
  expectedSha256: string | null;
  expectedSizeBytes: number | null;
  meter?: ProgressMeter;
  signal?: AbortSignal;
}

/**
 * When NAME already exists: returns its manifest if it is a verified file that
 * still hashes to its manifest and matches what is expected now; null when
 * NAME does not exist. Anything else is an error: a file we did not verify is
 * never overwritten nor reported as good.
 */
export async function existingVerifiedFile(paths: TransferPaths, fileName: string, check: ExistingCheck): Promise<FileManifest | null> {
  const info = await stat(paths.final).catch(err => {
    if (errnoCode(err) === 'ENOENT') return null;
    throw fileSystemError(err, `read ${fileName}`, paths.final);
  });
  if (!info) {
    // A manifest without its file is what a crash between the two writes leaves.
    await removeRetried(paths.manifest);
    return null;
  }
  const refuse = (why: string) =>
    new AppError('io', `${paths.final} already exists and ${why}, so it was left alone.`, {
      fix: 'Move or delete that file (or choose another folder) and run it again.',
    });
  if (!info.isFile()) throw refuse('is not a file');
  const read = await readManifest(paths.manifest);
  if (read === null || read === 'invalid') throw refuse('has no valid manifest (it was not verified by the wizard)');
  const manifest = read.value;
  if (manifest.fileName !== fileName || manifest.sizeBytes !== info.size) throw refuse('does not match its manifest');
  if (check.expectedSha256 !== null && normaliseSha256(check.expectedSha256) !== manifest.sha256) {
    throw refuse('is a different file from the one expected (its SHA-256 differs)');
  }
  if (check.expectedSizeBytes !== null && check.expectedSizeBytes !== manifest.sizeBytes) throw refuse('has a different size from the one expected');
  const { sha256 } = await sha256OfFile(paths.final, {
    ...(check.signal ? { signal: check.signal } : {}),
    onProgress: bytes => check.meter?.update('checking', `Checking the copy of ${fileName} already here`, bytes, info.size),
  });
  if (sha256 !== manifest.sha256) throw refuse('no longer matches the SHA-256 in its manifest (it was changed or damaged)');
  return manifest;
}
