import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import path from 'node:path';
import { verificationSummary, type DownloadResult } from '../../../src-shared/domain/transfer';
import { PowerShellHost } from '../../engine/powershell/host';
import { parseAllowedHost } from '../../engine/transfer/allowed-hosts';
import { activeCatalogLookup } from '../../engine/transfer/package-lookup';
import { CatalogStore } from '../../engine/catalog-store';
import { defaultDataDirectory } from '../../engine/paths';
import { formatBytes, type ProgressListener, type TransferProgress } from '../../engine/transfer/progress';
import type { ProxySetting } from '../../engine/transfer/proxy';
import { downloadUpdateFile } from '../../engine/transfer/transfer-runs';
import { defaultSignatureVerifier, type SignatureVerifier } from '../../engine/transfer/signature';
import { runAction, type CliContext } from '../run';

interface DownloadOptions {
  url?: string;
  out: string;
  sha256?: string;
  allowHost?: string[];
  proxy?: string;
  direct?: boolean;
  json?: boolean;
}

/**
 * `exwiz download (<update-id> | --url URL) --out DIR`: downloads an update
 * file from Microsoft's download servers, resumably, and keeps it only when
 * every check passed (size, SHA-256, Authenticode on Windows). The final file
 * is DIR/<name>; on any failure there is no file of that name, and the exit
 * code is not 0.
 */
export function registerDownload(program: Command, cli: CliContext): void {
  program
    .command('download')
    .description('download an update file, verify it (size, SHA-256, Authenticode on Windows) and write its manifest')
    .argument('[update-id]', 'update id from the plan: the catalog gives the link, file name, SHA-256 and size')
    .option('--url <url>', 'download this https address (file name from the URL; with an update id, the catalog still checks it)')
    .requiredOption('--out <dir>', 'folder for the file (created when missing)')
    .option('--sha256 <hex>', 'the published SHA-256 the file must have')
    .option('--allow-host <host>', 'also allow this host (host or host:port; plain http only for a loopback host); repeatable', collect)
    .option('--proxy <url>', 'use this proxy (default: HTTPS_PROXY/HTTP_PROXY, else the Windows Internet Options proxy)')
    .option('--direct', 'connect without any proxy')
    .option('--json', 'print the result as JSON')
    .action((updateId: string | undefined, options: DownloadOptions) =>
      runAction(
        cli,
        { json: options.json === true },
        () =>
          withTransferConsole(options.json === true, async (console, verifier) => {
            const lookup = await activeCatalogLookup(new CatalogStore(defaultDataDirectory()));
            const proxy: ProxySetting = options.direct ? { mode: 'direct' } : options.proxy ? { mode: 'explicit', url: options.proxy } : { mode: 'system' };
            return downloadUpdateFile({ updateId, url: options.url, sha256: options.sha256 }, lookup, () => path.resolve(options.out), {
              verifier,
              proxy,
              allowHosts: (options.allowHost ?? []).map(parseAllowedHost),
              signal: console.signal,
              onProgress: console.onProgress,
            });
          }),
        describeDownload,
      ),
    );
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The human summary of a download or an import. */
export function describeDownload(result: DownloadResult): string {
  const m = result.manifest;
  const lines = [
    `${result.alreadyPresent ? 'Already here' : m.importedFrom ? 'Imported' : 'Downloaded'}: ${result.path}`,
    `  ${verificationSummary(m).text}`,
    `  size        ${m.sizeBytes} bytes (${formatBytes(m.sizeBytes)})`,
    `  SHA-256     ${m.sha256}`,
    `  expected    ${m.expectedSha256 ? 'SHA-256 matches the published one' : 'no published SHA-256 to compare with'}${m.expectedSizeBytes !== null ? '; size matches' : ''}`,
    `  signature   ${m.signature.checked ? `${m.signature.status}, signed by ${m.signature.signer ?? '?'} (root: ${m.signature.chainRoot ?? '?'})` : m.signature.status}`,
    `  manifest    ${result.manifestPath}`,
  ];
  if (m.updateId) lines.push(`  update      ${m.updateId}`);
  if (m.importedFrom) lines.push(`  from        ${m.importedFrom}`);
  else if (m.sourceUrl) lines.push(`  from        ${m.sourceUrl}`);
  if (result.resumedFromBytes > 0) lines.push(`  resumed     from ${formatBytes(result.resumedFromBytes)} downloaded earlier`);
  if (result.attempts > 1) lines.push(`  attempts    ${result.attempts}`);
  return lines.join('\n');
}

/** Progress display and Ctrl+C handling for one transfer command. */
export interface TransferConsole {
  signal: AbortSignal;
  onProgress: ProgressListener;
}

/**
 * Runs a transfer with a progress bar on a terminal (stderr), notices as
 * lines otherwise (nothing in --json mode), Ctrl+C as a clean cancel (the
 * partial file is kept), and a PowerShell host for the signature check that
 * is started only if needed and always shut down.
 */
export async function withTransferConsole<T>(json: boolean, work: (console: TransferConsole, verifier: SignatureVerifier) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  let host: PowerShellHost | null = null;
  const verifier = defaultSignatureVerifier(() => (host ??= new PowerShellHost()));
  const display = json ? null : new ProgressDisplay();
  try {
    return await work({ signal: controller.signal, onProgress: progress => display?.show(progress) }, verifier);
  } finally {
    display?.stop();
    process.removeListener('SIGINT', onInterrupt);
    await (host as PowerShellHost | null)?.dispose();
  }
}

/** A cli-progress bar per stage on a TTY; plain lines for notices everywhere. */
class ProgressDisplay {
  private bar: SingleBar | null = null;
  private stage: TransferProgress['stage'] | null = null;
  private readonly tty = process.stderr.isTTY === true;

  show(progress: TransferProgress): void {
    if (progress.stage === 'retrying' || progress.stage === 'verifying') {
      this.line(progress.message);
      this.stage = progress.stage;
      return;
    }
    if (!this.tty) {
      // Logs and pipes get one line when a stage starts, not a redrawn bar.
      if (this.stage !== progress.stage) this.line(progress.message);
      this.stage = progress.stage;
      return;
    }
    if (this.stage !== progress.stage || !this.bar) this.start(progress);
    this.bar?.update(progress.completed, payload(progress));
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }

  private start(progress: TransferProgress): void {
    this.stop();
    this.stage = progress.stage;
    const known = progress.total !== null && progress.total > 0;
    this.bar = new SingleBar({
      stream: process.stderr,
      hideCursor: true,
      barsize: 30,
      format: known ? '{label} |{bar}| {percentage}% {done} of {size} {rate} {eta_text}' : '{label} {done} {rate}',
    });
    this.bar.start(known ? progress.total! : 1, progress.completed, payload(progress));
  }

  private line(text: string): void {
    this.stop();
    process.stderr.write(`${text}\n`);
  }
}

function payload(progress: TransferProgress): Record<string, string> {
  return {
    label: progress.message,
    done: formatBytes(progress.completed),
    size: progress.total === null ? '?' : formatBytes(progress.total),
    rate: progress.bytesPerSecond === undefined ? '' : `${formatBytes(progress.bytesPerSecond)}/s`,
    eta_text: progress.etaSeconds === undefined ? '' : `ETA ${formatDuration(progress.etaSeconds)}`,
  };
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
