import { mkdir, rm, stat, unlink } from 'node:fs/promises';
import { removeRetried, renameRetried } from '../fs-retry';
import { checkDrive } from './server-check';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { validateHostName } from '../../../src-shared/domain/host-names';
import type { FileManifest, StageResult } from '../../../src-shared/domain/transfer';
import { copyFileRange } from './copy';
import { checkFileName, MANIFEST_SUFFIX, transferPaths, type TransferPaths } from './file-names';
import { openWritableFile, regularFileSize, type OpenWritableFile } from './file-sink';
import { errnoCode, fileSystemError } from './fs-errors';
import { sha256OfFile } from './hashing';
import type { ServerCheck, StagedFileOnServer } from './server-check';
import { readManifest, writeJsonAtomic } from './json-files';
import { formatBytes, ProgressMeter, type ProgressListener } from './progress';
import { CopyState, freeSpace, loadState, saveState, type FreeSpaceProbe } from './resume-state';
import { discardPartial } from './seal';

/** Which verified file goes where. */
export interface StageRequest {
  /** A downloaded or imported file with NAME.manifest.json beside it. */
  file: string;
  /** Folder on the server share (or any local/UNC folder) the file is copied into. */
  destinationDirectory: string;
  /** Server name, for the result and the report. */
  server: string | null;
}

export interface StageDeps {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  openFile?: OpenWritableFile;
  freeSpace?: FreeSpaceProbe;
  platform?: NodeJS.Platform;
  checkpointBytes?: number;
  checkpointMs?: number;
  /**
   * Run before anything is written when staging to a server (Windows): creates
   * C:\ExchangeUpdates\<folder> there with an administrators-only ACL
   * (`prepareStagingFolder`), so nobody else can swap the file after it was verified.
   */
  prepareServerFolder?(server: string, folderName: string): Promise<void>;
  /**
   * Hashes a staged file on the server itself (PowerShell remoting,
   * `checkStagedFileOnServer`), where it is reachable that way: the copy is
   * then checked from the server's own disk instead of being read back over
   * the network. Without it the copy is read back here (a plain folder).
   */
  checkOnServer?(server: string, file: StagedFileOnServer): Promise<ServerCheck>;
}

/** The folder name under ExchangeUpdates: the update id, or "manual" for a file given by URL. */
export function stagingFolderName(manifest: FileManifest): string {
  const id = manifest.updateId;
  return id && /^[A-Za-z0-9._-]{1,100}$/.test(id) && !/^\.+$/.test(id) ? id : 'manual';
}

/**
 * The default destination: \\server\C$\ExchangeUpdates\<update>\ (the
 * administrative share, so nothing needs to be set up on the server).
 */
export function defaultStagingDirectory(server: string, folder: string, drive = 'C'): string {
  const check = validateHostName(server);
  if (!check.valid || !check.normalized) {
    throw new AppError('invalid-input', `"${server}" is not a server name: ${check.error ?? 'invalid'}`);
  }
  return `\\\\${check.normalized}\\${checkDrive(drive)}$\\ExchangeUpdates\\${folder}`;
}

/**
 * Copies a verified file to the server: checks its manifest, the free space
 * at the destination, copies (resumable: NAME.partial + NAME.partial.json at
 * the destination), then checks the copy's SHA-256 against the manifest: on
 * the server itself where it answers PowerShell remoting (`checkOnServer`),
 * else by reading the copy back (a plain folder). A changed source or a copy
 * damaged on the way both fail there, and the message says which; a copy that
 * could not be checked is never called staged (its bytes are kept, and the
 * next run only checks again). Then the manifest is written and the copy
 * renamed. An identical file already there is recognised by its hash and not
 * copied again. On Windows the Zone.Identifier stream (the "downloaded from
 * the internet" mark) is removed from the staged file.
 */
export async function stageFile(request: StageRequest, deps: StageDeps = {}): Promise<StageResult> {
  const file = path.resolve(request.file);
  const fileName = checkFileName(path.basename(file), 'The file to stage');
  const meter = new ProgressMeter(deps.onProgress);
  const signal = deps.signal;
  const manifest = await verifiedManifestOf(file, fileName);
  const directory = request.destinationDirectory;
  const paths = transferPaths(directory, fileName);
  const platform = deps.platform ?? process.platform;
  const where = `the staging folder ${directory}`;
  const cancelled = () => new AppError('cancelled', `Copying ${fileName} to ${directory} was cancelled; the part already copied is kept and the next run resumes from there.`);

  if (request.server && deps.prepareServerFolder) await deps.prepareServerFolder(request.server, stagingFolderName(manifest));
  const check: CopyCheck = request.server && deps.checkOnServer ? onServer(request.server, deps.checkOnServer, manifest, meter) : readBack(manifest, meter, signal);
  await mkdir(directory, { recursive: true }).catch(err => {
    throw fileSystemError(err, 'create the staging folder', where);
  });

  const freeBefore = await (deps.freeSpace ?? freeSpace)(directory);
  const result = (alreadyStaged: boolean, bytesCopied: number): StageResult => ({
    server: request.server,
    destinationPath: paths.final,
    manifestPath: paths.manifest,
    alreadyStaged,
    bytesCopied,
    sha256: manifest.sha256,
    freeBytesBefore: freeBefore,
    checkedBy: check.by,
  });

  if (await sameFileAlreadyThere(paths, manifest, check, request.server ?? directory)) {
    await ensureManifest(paths, manifest);
    await removeZoneIdentifier(paths.final, platform);
    return result(true, 0);
  }

  let offset = await resumableOffset(paths, manifest, deps.openFile ?? openWritableFile);
  const needed = manifest.sizeBytes - offset;
  if (freeBefore !== null && freeBefore < needed) {
    throw new AppError('disk-full', `${fileName} needs ${formatBytes(needed)} at ${directory}, but only ${formatBytes(freeBefore)} is free there.`, {
      fix: "Free some space on the server's disk (or choose another folder), then stage it again.",
    });
  }

  try {
    const copyState = (committedBytes: number): CopyState => ({
      kind: 'copy',
      version: 1,
      sourceSha256: manifest.sha256,
      sizeBytes: manifest.sizeBytes,
      committedBytes,
      updatedAt: '',
    });
    await saveState(paths.state, copyState(offset));
    meter.reset();
    offset = await copyFileRange({
      source: file,
      target: paths.partial,
      offset,
      hash: null,
      ...(signal ? { signal } : {}),
      ...(deps.openFile ? { openFile: deps.openFile } : {}),
      ...(deps.checkpointBytes === undefined ? {} : { checkpointBytes: deps.checkpointBytes }),
      ...(deps.checkpointMs === undefined ? {} : { checkpointMs: deps.checkpointMs }),
      onWritten: position => meter.update('copying', `Copying ${fileName} to ${request.server ?? directory}`, position, manifest.sizeBytes),
      onCheckpoint: position => saveState(paths.state, copyState(position)),
      sourceLabel: file,
      targetLabel: where,
    });
  } catch (err) {
    if (signal?.aborted) throw cancelled();
    throw fileSystemError(err, `copy ${fileName}`, where);
  }

  // The copy must hash to the manifest: that proves the staged bytes are the
  // verified file, whatever happened to the source or on the way. Only on a
  // mismatch is the source hashed too, to say which.
  const target = request.server ?? directory;
  const answer = await check.file(paths.partial, true, `the copy of ${fileName} on ${target}`, 'verifying');
  if (answer.kind === 'not-checked') {
    if (answer.code === 'missing') await rm(paths.state, { force: true });
    throw notChecked(answer, fileName, target, paths.partial);
  }
  if (!answer.matches || offset !== manifest.sizeBytes) {
    await discardPartial(paths);
    const source = await sha256OfFile(file, signal ? { signal } : {}).catch(() => null);
    if (source !== null && source.sha256 !== manifest.sha256) {
      throw new AppError('integrity', `${file} changed since it was verified (its SHA-256 no longer matches its manifest). The copy on the server was deleted.`, {
        fix: 'Download or import the file again, then stage it.',
        detail: `manifest ${manifest.sha256}, file now ${source.sha256}`,
      });
    }
    throw new AppError('integrity', `The copy of ${fileName} at ${directory} does not match the original (it was damaged on the way). It was deleted.`, {
      fix: "Stage it again; if it keeps failing, check the network connection and the server's disk.",
      detail: `expected ${manifest.sha256} (${manifest.sizeBytes} bytes), ${check.by === 'server' ? `${target} read` : 'read back'} ${answer.sha256 ?? 'no hash'} (${answer.sizeBytes} bytes)`,
    });
  }

  try {
    await writeJsonAtomic(paths.manifest, manifest);
    await renameRetried(paths.partial, paths.final);
  } catch (err) {
    throw fileSystemError(err, `finish the copy of ${fileName}`, where);
  }
  await removeRetried(paths.state);
  await removeZoneIdentifier(paths.final, platform);
  return result(false, needed);
}

/** The file's manifest, after checking it describes this file. */
async function verifiedManifestOf(file: string, fileName: string): Promise<FileManifest> {
  const notVerified = (why: string) =>
    new AppError('integrity', `${file} cannot be staged: ${why}.`, {
      fix: 'Download the update with the wizard (or import the file) first: only verified files are copied to servers.',
    });
  const info = await stat(file).catch(err => {
    if (errnoCode(err) === 'ENOENT') throw new AppError('not-found', `There is no file ${file}.`, { fix: 'Check the path of the file to stage.' });
    throw fileSystemError(err, 'read the file to stage', file);
  });
  if (!info.isFile()) throw new AppError('invalid-input', `${file} is not a file.`);
  const read = await readManifest(file + MANIFEST_SUFFIX);
  if (read === null) throw notVerified(`it has no manifest (${fileName}${MANIFEST_SUFFIX}), so it was never verified`);
  if (read === 'invalid') throw notVerified('its manifest cannot be read');
  const manifest = read.value;
  if (manifest.fileName !== fileName) throw notVerified(`its manifest describes ${manifest.fileName}`);
  if (manifest.sizeBytes !== info.size) throw notVerified(`its size (${info.size} bytes) differs from its manifest (${manifest.sizeBytes} bytes): it changed since it was verified`);
  return manifest;
}

/** How a copy is checked: on the server (`checkOnServer`) or by reading it back here. */
interface CopyCheck {
  by: 'server' | 'read-back';
  /** Checks the copy at `local` (on the server: NAME, or NAME.partial when `partial`) against the manifest. */
  file(local: string, partial: boolean, what: string, stage: 'checking' | 'verifying'): Promise<ServerCheck>;
}

function onServer(server: string, checkOnServer: NonNullable<StageDeps['checkOnServer']>, manifest: FileManifest, meter: ProgressMeter): CopyCheck {
  const folderName = stagingFolderName(manifest);
  return {
    by: 'server',
    file(_local, partial, what, stage) {
      meter.notice(stage, `Checking ${what} (${server} reads its own disk)`, 0, manifest.sizeBytes);
      return checkOnServer(server, { folderName, fileName: manifest.fileName, partial, sha256: manifest.sha256, sizeBytes: manifest.sizeBytes });
    },
  };
}

function readBack(manifest: FileManifest, meter: ProgressMeter, signal: AbortSignal | undefined): CopyCheck {
  return {
    by: 'read-back',
    async file(local, _partial, what, stage) {
      const size = manifest.sizeBytes;
      meter.notice(stage, `Checking ${what}`, 0, size);
      try {
        const { sha256, bytes } = await sha256OfFile(local, {
          ...(signal ? { signal } : {}),
          onProgress: done => meter.update(stage, `Checking ${what}`, done, size),
        });
        return { kind: 'checked', sha256, sizeBytes: bytes, matches: sha256 === manifest.sha256 && bytes === manifest.sizeBytes };
      } catch (err) {
        if (signal?.aborted) throw new AppError('cancelled', 'Staging was cancelled; the part already copied is kept and the next run resumes from there.');
        throw fileSystemError(err, `read back ${what}`, local);
      }
    },
  };
}

/** Why a copy is not called staged when it could not be checked (its bytes stay for the next run, unless they are gone). */
function notChecked(answer: Extract<ServerCheck, { kind: 'not-checked' }>, fileName: string, server: string, local: string): AppError {
  const kept = answer.code === 'missing' ? '' : ' The copied bytes are kept: staging again checks them without copying them again.';
  const fix =
    answer.code === 'access-denied'
      ? `Run the wizard with an account that is an administrator on ${server}, then stage again.`
      : answer.code === 'unreachable'
        ? `Check that PowerShell remoting (WinRM) reaches ${server} (Test-WSMan ${server}), then stage again.`
        : answer.code === 'missing'
          ? 'Something on the server removed the copy; stage it again.'
          : `Check the file on ${server} (and that nothing such as an antivirus holds it open), then stage again.`;
  return new AppError(
    answer.code === 'unreachable' ? 'unreachable' : answer.code === 'access-denied' ? 'access-denied' : 'integrity',
    `The copy of ${fileName} on ${server} could not be checked, so it is not staged: ${answer.message}${kept}`,
    {
      fix,
      detail: local,
    },
  );
}

async function sameFileAlreadyThere(paths: TransferPaths, manifest: FileManifest, check: CopyCheck, where: string): Promise<boolean> {
  const info = await stat(paths.final).catch(() => null);
  if (!info?.isFile() || info.size !== manifest.sizeBytes) return false;
  const answer = await check.file(paths.final, false, `the copy of ${manifest.fileName} already on ${where}`, 'checking');
  if (answer.kind === 'checked') return answer.matches;
  if (answer.code === 'missing') return false;
  throw notChecked(answer, manifest.fileName, where, paths.final);
}

/** Offset to resume an earlier copy of the same file at, or 0 (and no stale partial). */
async function resumableOffset(paths: TransferPaths, manifest: FileManifest, open: OpenWritableFile): Promise<number> {
  const saved = await loadState(paths.state, CopyState);
  const size = await regularFileSize(paths.partial);
  const usable =
    saved !== null && size !== null && saved.sourceSha256 === manifest.sha256 && saved.sizeBytes === manifest.sizeBytes && saved.committedBytes <= manifest.sizeBytes && size >= saved.committedBytes;
  if (!usable) {
    await discardPartial(paths).catch(() => undefined);
    return 0;
  }
  if (size > saved.committedBytes) {
    const handle = await open(paths.partial, 'r+');
    await handle.truncate(saved.committedBytes).finally(() => handle.close());
  }
  return saved.committedBytes;
}

async function ensureManifest(paths: TransferPaths, manifest: FileManifest): Promise<void> {
  const existing = await readManifest(paths.manifest).catch(() => null);
  if (existing && existing !== 'invalid' && JSON.stringify(existing.value) === JSON.stringify(manifest)) return;
  await writeJsonAtomic(paths.manifest, manifest).catch(err => {
    throw fileSystemError(err, 'write the manifest', paths.manifest);
  });
}

/**
 * Removes the "Mark of the Web" (the Zone.Identifier alternate data stream)
 * so Windows does not block or warn when the installer runs on the server.
 * NTFS only; elsewhere there is nothing to remove.
 */
async function removeZoneIdentifier(file: string, platform: NodeJS.Platform): Promise<void> {
  if (platform !== 'win32') return;
  try {
    await unlink(`${file}:Zone.Identifier`);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'EINVAL') return;
    throw new AppError('io', `${file} was staged, but its "downloaded from the internet" mark could not be removed.`, {
      fix: 'On the server, right-click the file, choose Properties and tick Unblock (or run Unblock-File) before installing.',
      detail: err instanceof Error ? err.message : String(err),
    });
  }
}
