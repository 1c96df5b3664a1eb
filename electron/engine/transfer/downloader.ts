import { mkdir } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../../src-shared/domain/errors';
import type { DownloadResult } from '../../../src-shared/domain/transfer';
import { checkDownloadUrl, type AllowedHost } from './allowed-hosts';
import { checkFileName, fileNameFromUrl, transferPaths, type TransferPaths } from './file-names';
import { HashingFileWriter, openWritableFile, regularFileSize, type OpenWritableFile } from './file-sink';
import { errnoCode, fileSystemError } from './fs-errors';
import { hashFileInto, normaliseSha256, RunningSha256 } from './hashing';
import { ifRangeValue, undiciSource, type DownloadSource, type GuardedBody, type OpenedBody } from './http-source';
import { backoffDelay, classifyNetworkError, DEFAULT_RETRY_POLICY, RestartFromScratch, StalledTransfer, TransientFailure, type RetryPolicy } from './network-errors';
import { formatBytes, ProgressMeter, type ProgressListener } from './progress';
import { createProxyRoute, type ProxyRoute, type ProxySetting } from './proxy';
import { DownloadState, freeSpace, loadState, saveState, type FreeSpaceProbe } from './resume-state';
import { discardPartial, existingVerifiedFile, verifyAndSeal } from './seal';
import type { SignatureVerifier } from './signature';

/** What to download and what it must turn out to be. */
export interface DownloadRequest {
  url: string;
  directory: string;
  /** The final name; by default the last part of the URL. */
  fileName?: string;
  updateId?: string | null;
  /** Published SHA-256 (catalog or admin); the file is refused when it differs. */
  expectedSha256?: string | null;
  /** Exact size in bytes (catalog); the file is refused when it differs. */
  expectedSizeBytes?: number | null;
}

/** How to download: services and knobs, all replaceable in tests. */
export interface DownloadDeps {
  verifier: SignatureVerifier;
  /** Hosts allowed besides Microsoft's (a mirror, the demo server); http only for loopback ones. */
  allowHosts?: readonly AllowedHost[];
  /**
   * The network stack: Electron's `net` in the desktop app (Chromium: Windows certificate
   * store, system proxy with PAC/WPAD); by default undici over `route`/`proxy`.
   */
  source?: DownloadSource;
  /** Proxy dispatchers; built from `proxy` (default: system) when not given. Unused with `source`. */
  route?: ProxyRoute;
  proxy?: ProxySetting;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  retry?: Partial<RetryPolicy>;
  headersTimeoutMs?: number;
  /** A body that sends nothing for this long counts as a dropped connection. */
  bodyTimeoutMs?: number;
  /** A body that sends fewer than `bytes` in any `windowMs` counts as stalled (see StalledTransfer). */
  minimumRate?: MinimumRate;
  /** Flush-and-record interval (bytes and milliseconds, both must pass); see HashingFileWriter. */
  checkpointBytes?: number;
  checkpointMs?: number;
  openFile?: OpenWritableFile;
  freeSpace?: FreeSpaceProbe;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** The slowest transfer still worth waiting for. */
export interface MinimumRate {
  bytes: number;
  windowMs: number;
}

/** Under 64 KB in a whole minute (about 1 KB/s): far below any working line or proxy, well above a drip meant to hold the download open. */
export const DEFAULT_MINIMUM_RATE: MinimumRate = { bytes: 64 * 1024, windowMs: 60_000 };

/**
 * Downloads one update file into `directory`: allow-listed HTTPS only,
 * resumable (Range + If-Range, state in NAME.partial.json), retried with
 * backoff after a dropped connection, hashed while it streams, then checked
 * (size, SHA-256, Authenticode) and only then renamed from NAME.partial to
 * NAME with NAME.manifest.json beside it. On any failure NAME does not exist;
 * NAME.partial is kept when a later run can resume from it.
 */
export async function downloadFile(request: DownloadRequest, deps: DownloadDeps): Promise<DownloadResult> {
  const allowHosts = deps.allowHosts ?? [];
  const url = checkDownloadUrl(request.url, allowHosts);
  const fileName = request.fileName === undefined ? fileNameFromUrl(url) : checkFileName(request.fileName, 'The update catalog');
  const expectedSha256 = checkedSha256(request.expectedSha256 ?? null);
  const expectedSizeBytes = request.expectedSizeBytes ?? null;
  const signal = deps.signal ?? new AbortController().signal;
  const meter = new ProgressMeter(deps.onProgress);
  const paths = transferPaths(request.directory, fileName);

  await mkdir(request.directory, { recursive: true }).catch(err => {
    throw fileSystemError(err, 'create the download folder', `the download folder ${request.directory}`);
  });
  const existing = await existingVerifiedFile(paths, fileName, { expectedSha256, expectedSizeBytes, meter, signal });
  if (existing) {
    return { path: paths.final, manifestPath: paths.manifest, manifest: existing, resumedFromBytes: 0, attempts: 0, alreadyPresent: true };
  }

  const ownRoute = deps.source || deps.route ? null : await createProxyRoute(deps.proxy ?? { mode: 'system' });
  const source = deps.source ?? undiciSource((deps.route ?? ownRoute) as ProxyRoute);
  try {
    const run = new DownloadRun({ request, deps, url, fileName, expectedSha256, expectedSizeBytes, signal, meter, paths, source, allowHosts });
    return await run.run();
  } finally {
    await ownRoute?.close();
  }
}

/** A SHA-256 given by the catalog or the admin, checked and normalised. */
export function checkedSha256(value: string | null): string | null {
  if (value === null) return null;
  if (!/^[0-9a-f]{64}$/i.test(value.trim())) {
    throw new AppError('invalid-input', `"${value.slice(0, 80)}" is not a SHA-256 hash (64 hexadecimal characters).`, {
      fix: 'Copy the SHA256 value from the "File hash information" table of the update\'s KB page.',
    });
  }
  return normaliseSha256(value);
}

interface RunSetup {
  request: DownloadRequest;
  deps: DownloadDeps;
  url: URL;
  fileName: string;
  expectedSha256: string | null;
  expectedSizeBytes: number | null;
  signal: AbortSignal;
  meter: ProgressMeter;
  paths: TransferPaths;
  source: DownloadSource;
  allowHosts: readonly AllowedHost[];
}

/** One download from start (or resume) to sealed file. */
class DownloadRun {
  private hash = new RunningSha256();
  /** Bytes in NAME.partial, all of them in `hash`. */
  private offset = 0;
  private state: DownloadState | null = null;
  private attempts = 0;
  private restarts = 0;
  private failuresInARow = 0;
  private resumedFromBytes = 0;
  /** Where each retry after a dropped connection picked up again. */
  private readonly resumedAt: number[] = [];
  private readonly policy: RetryPolicy;
  private readonly openFile: OpenWritableFile;
  private readonly freeSpace: FreeSpaceProbe;

  constructor(private readonly s: RunSetup) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...s.deps.retry };
    this.openFile = s.deps.openFile ?? openWritableFile;
    this.freeSpace = s.deps.freeSpace ?? freeSpace;
  }

  async run(): Promise<DownloadResult> {
    await this.prepare();
    for (;;) {
      this.throwIfCancelled();
      this.attempts++;
      const before = this.offset;
      try {
        if (await this.attempt()) break;
      } catch (err) {
        this.throwIfCancelled();
        const sorted = classifyNetworkError(err, this.s.url.host);
        if (sorted instanceof RestartFromScratch) {
          await this.startOver(sorted.reason);
          continue;
        }
        if (sorted instanceof TransientFailure) {
          await this.pauseBeforeRetry(sorted, before);
          continue;
        }
        throw sorted;
      }
    }
    return this.seal();
  }

  /** Trusts the flushed part of an earlier NAME.partial for the same URL, or clears it. */
  private async prepare(): Promise<void> {
    const { paths, url, fileName, meter } = this.s;
    const saved = await loadState(paths.state, DownloadState);
    const size = await regularFileSize(paths.partial);
    const usable =
      saved !== null &&
      size !== null &&
      saved.url === url.toString() &&
      saved.committedBytes > 0 &&
      size >= saved.committedBytes &&
      (saved.totalBytes === null || saved.committedBytes <= saved.totalBytes) &&
      ifRangeValue(saved) !== null;
    if (!usable) {
      await discardPartial(paths);
      return;
    }
    try {
      if (size > saved.committedBytes) {
        // Bytes after the last flush may not have survived a power cut: drop them.
        const file = await this.openFile(paths.partial, 'r+');
        await file.truncate(saved.committedBytes);
        await file.close();
      }
      await hashFileInto(this.hash, paths.partial, {
        length: saved.committedBytes,
        signal: this.s.signal,
        onProgress: bytes => meter.update('checking', `Checking the ${formatBytes(saved.committedBytes)} of ${fileName} downloaded earlier`, bytes, saved.committedBytes),
      });
    } catch (err) {
      this.throwIfCancelled();
      throw fileSystemError(err, `read the part of ${fileName} downloaded earlier`, paths.partial);
    }
    this.offset = saved.committedBytes;
    this.state = saved;
    this.resumedFromBytes = saved.committedBytes;
    meter.reset();
  }

  /** One request; true when every byte is in NAME.partial. */
  private async attempt(): Promise<boolean> {
    const { url, deps, signal, allowHosts } = this.s;
    if (this.attempts > 1 && this.offset > 0) this.resumedAt.push(this.offset);
    const opened = await this.s.source.open({
      url,
      offset: this.offset,
      validators: this.offset > 0 ? this.state : null,
      signal,
      checkRedirect: location => checkDownloadUrl(location, allowHosts),
      headersTimeoutMs: deps.headersTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      bodyTimeoutMs: deps.bodyTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    });

    if (opened.kind === 'range-not-satisfiable') {
      const total = opened.totalBytes ?? this.state?.totalBytes ?? null;
      // Asked for the rest of a file we already have whole (an earlier run stopped during the checks).
      if (this.offset > 0 && total !== null && this.offset === total && this.state?.totalBytes === total) return true;
      throw new RestartFromScratch('the server could not send the rest of the file');
    }
    if (opened.status === 200 && this.offset > 0) {
      // The whole file came back: the server ignored Range, or If-Range saw a changed file.
      await this.startOver('the server sent the whole file instead of the rest (it ignored the resume request, or the file changed on the server)', opened.body);
    }
    if (opened.status === 206) this.checkSameFile(opened);

    const total = opened.totalBytes;
    await this.checkBeforeWriting(opened, total);
    this.state = {
      kind: 'download',
      version: 1,
      url: url.toString(),
      etag: opened.validators.etag ?? (opened.status === 206 ? (this.state?.etag ?? null) : null),
      lastModified: opened.validators.lastModified ?? (opened.status === 206 ? (this.state?.lastModified ?? null) : null),
      totalBytes: total,
      committedBytes: this.offset,
      updatedAt: '',
    };
    // Saved while the body already flows, so no fsync holds up the transfer;
    // checkpoints and the final record wait for it.
    const stateSaved = this.saveProgress();
    stateSaved.catch(() => undefined);
    await this.receive(opened.body, total, stateSaved);

    if (total !== null && this.offset < total) {
      throw new TransientFailure(`The server closed the connection after ${formatBytes(this.offset)} of ${formatBytes(total)}`);
    }
    if (total !== null && this.offset > total) throw new RestartFromScratch('the server sent more bytes than the file has');
    return true;
  }

  /** A 206 must continue the same file: same ETag (when both known) and same total size. */
  private checkSameFile(opened: OpenedBody): void {
    const saved = this.state;
    const etagChanged = opened.validators.etag !== null && saved?.etag != null && opened.validators.etag !== saved.etag;
    const sizeChanged = opened.totalBytes !== null && saved?.totalBytes != null && opened.totalBytes !== saved.totalBytes;
    if (etagChanged || sizeChanged) {
      opened.body.destroy();
      throw new RestartFromScratch('the file changed on the server since the download started');
    }
  }

  private async checkBeforeWriting(opened: OpenedBody, total: number | null): Promise<void> {
    const { expectedSizeBytes, fileName, paths, request } = this.s;
    if (expectedSizeBytes !== null && total !== null && total !== expectedSizeBytes) {
      opened.body.destroy();
      await discardPartial(paths);
      throw new AppError('integrity', `The server offers ${fileName} with ${total} bytes, but it should have ${expectedSizeBytes}: it is not the expected file, so it was not downloaded.`, {
        fix: "Check the update's KB or Download Center page; the link may now point at a different file.",
      });
    }
    if (total === null) return;
    const free = await this.freeSpace(request.directory);
    const needed = total - this.offset;
    if (free !== null && free < needed) {
      opened.body.destroy();
      throw new AppError('disk-full', `${fileName} needs ${formatBytes(needed)} more, but only ${formatBytes(free)} is free in ${request.directory}.`, {
        fix: 'Free some space there or choose another download folder, then run the download again.',
      });
    }
  }

  /** Streams a body into NAME.partial at `offset`; keeps offset and state right whatever happens. */
  private async receive(body: GuardedBody, total: number | null, stateSaved: Promise<void>): Promise<void> {
    const { paths, fileName, meter, deps, request } = this.s;
    let file;
    try {
      file = await this.openFile(paths.partial, this.offset === 0 ? 'w' : 'r+');
    } catch (err) {
      body.destroy();
      throw fileSystemError(err, `save ${fileName}`, `the download folder ${request.directory}`);
    }
    const writer = new HashingFileWriter({
      file,
      position: this.offset,
      hash: this.hash,
      ...(deps.checkpointBytes === undefined ? {} : { checkpointBytes: deps.checkpointBytes }),
      ...(deps.checkpointMs === undefined ? {} : { checkpointMs: deps.checkpointMs }),
      onWritten: position => meter.update('downloading', `Downloading ${fileName}`, position, total),
      onCheckpoint: async position => {
        await stateSaved;
        if (this.state) await saveState(paths.state, { ...this.state, committedBytes: position });
      },
    });
    let filledTheDisk = false;
    const stopTooSlow = watchMinimumRate(body, deps.minimumRate ?? DEFAULT_MINIMUM_RATE);
    try {
      await drainInto(body, writer);
      meter.update('downloading', `Downloading ${fileName}`, writer.position, total, true);
    } catch (err) {
      // The writer's own failure (disk full, folder gone) is not a network problem to retry.
      if (writer.fileError !== null) {
        // Of unknown length (chunked), no free-space check could run first: the
        // partial file is what filled the disk, so it goes rather than leaving the disk full.
        filledTheDisk = total === null && errnoCode(writer.fileError) === 'ENOSPC';
        throw fileSystemError(writer.fileError, `save ${fileName}`, `the download folder ${request.directory}`);
      }
      throw err;
    } finally {
      stopTooSlow();
      this.offset = writer.position;
      await writer.checkpointsSettled();
      await stateSaved.catch(() => undefined);
      await this.closeAndRecord(file);
      if (filledTheDisk) await this.dropPartial();
    }
  }

  /** Removes NAME.partial and its state; the next attempt starts at byte 0. */
  private async dropPartial(): Promise<void> {
    await discardPartial(this.s.paths).catch(() => undefined);
    this.forgetPartial();
  }

  private forgetPartial(): void {
    this.offset = 0;
    this.hash = new RunningSha256();
    this.state = null;
  }

  private async closeAndRecord(file: { sync(): Promise<void>; close(): Promise<void> }): Promise<void> {
    try {
      await file.sync();
      await this.saveProgress();
    } catch {
      // The disk or folder is gone; the state file keeps the last flushed position.
    } finally {
      await file.close().catch(() => undefined);
    }
  }

  private async saveProgress(): Promise<void> {
    if (this.state) {
      this.state = { ...this.state, committedBytes: this.offset };
      await saveState(this.s.paths.state, this.state);
    }
  }

  /** Throws the partial away and starts at byte 0 (optionally with a body already received). */
  private async startOver(reason: string, body?: Readable): Promise<void> {
    const { paths, fileName, meter } = this.s;
    this.restarts++;
    if (this.restarts > this.policy.maxRestarts) {
      body?.destroy();
      await discardPartial(paths);
      throw new AppError('network', `The download of ${fileName} had to start over ${this.restarts} times: ${reason}.`, {
        fix: 'The server (or a proxy cache in between) keeps changing the file. Try again later, or download it elsewhere and import it.',
      });
    }
    meter.notice('retrying', `Starting ${fileName} over: ${reason}.`, 0, null);
    await discardPartial(paths);
    this.forgetPartial();
    meter.reset();
  }

  private async pauseBeforeRetry(failure: TransientFailure, offsetBefore: number): Promise<void> {
    const { fileName, meter, signal } = this.s;
    // A drip's few bytes are not progress: counting them would retry a stalled server for ever.
    if (this.offset > offsetBefore && !(failure instanceof StalledTransfer)) this.failuresInARow = 0;
    this.failuresInARow++;
    const max = this.policy.maxConsecutiveFailures;
    if (this.failuresInARow > max) {
      const kept = this.offset > 0 ? ` The ${formatBytes(this.offset)} already downloaded are kept: running the download again resumes from there.` : '';
      throw new AppError('network', `The download of ${fileName} failed ${this.failuresInARow} times in a row: ${failure.message}.${kept}`, {
        fix: 'Check the internet connection and the proxy settings, then run the download again.',
        detail: failure.cause instanceof Error ? failure.cause.message : undefined,
      });
    }
    const delay = backoffDelay(this.failuresInARow, this.policy);
    meter.notice(
      'retrying',
      `${failure.message}. ${this.offset > 0 ? `Resuming from ${formatBytes(this.offset)}` : 'Retrying'} in ${Math.max(1, Math.round(delay / 1000))} s (retry ${this.failuresInARow} of ${max}).`,
      this.offset,
      this.state?.totalBytes ?? null,
    );
    try {
      await sleep(delay, undefined, { signal });
    } catch {
      this.throwIfCancelled();
    }
    meter.reset();
  }

  private async seal(): Promise<DownloadResult> {
    const { paths, fileName, meter, request, expectedSha256, expectedSizeBytes, deps, signal } = this.s;
    meter.notice('verifying', `Verifying ${fileName}`, this.offset, this.offset);
    const manifest = await verifyAndSeal({
      paths,
      bytesAt: 'partial',
      fileName,
      sha256: this.hash.hex(),
      sizeBytes: this.offset,
      expectedSha256,
      expectedSizeBytes,
      updateId: request.updateId ?? null,
      sourceUrl: this.s.url.toString(),
      importedFrom: null,
      verifier: deps.verifier,
      signal,
    });
    return { path: paths.final, manifestPath: paths.manifest, manifest, resumedFromBytes: this.resumedFromBytes, attempts: this.attempts, resumedAtBytes: [...this.resumedAt] };
  }

  private throwIfCancelled(): void {
    if (!this.s.signal.aborted) return;
    const kept = this.offset > 0 ? ` The ${formatBytes(this.offset)} already downloaded are kept; the next download of this file resumes from there.` : '';
    throw new AppError('cancelled', `The download of ${this.s.fileName} was cancelled.${kept}`);
  }
}

/**
 * Pipes a response body into the writer and waits until every byte received
 * is on disk; then rejects with the body's failure (dropped connection,
 * cancel) if it had one, or the writer's.
 */
function drainInto(body: GuardedBody, writer: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    writer.once('error', err => {
      body.destroy();
      reject(err);
    });
    writer.once('finish', () => (body.failure === null ? resolve() : reject(body.failure)));
    body.pipe(writer);
  });
}

/**
 * Abandons the body when a window passes with fewer bytes than the minimum
 * rate; returns the function that stops watching.
 */
function watchMinimumRate(body: GuardedBody, rate: MinimumRate): () => void {
  let counted = body.received;
  const timer = setInterval(() => {
    const got = body.received - counted;
    counted = body.received;
    if (got < rate.bytes) {
      const window = rate.windowMs < 1000 ? `${rate.windowMs} ms` : `${Math.round(rate.windowMs / 1000)} s`;
      body.abandon(new StalledTransfer(`The server sent only ${formatBytes(got)} in ${window}, far too slow to finish`));
    }
  }, rate.windowMs);
  return () => clearInterval(timer);
}
