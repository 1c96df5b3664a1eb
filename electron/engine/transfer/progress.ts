export { formatBytes } from '../../../src-shared/domain/transfer';

/** What the transfer services report while they work (bytes). */
export interface TransferProgress {
  stage: 'checking' | 'downloading' | 'retrying' | 'verifying' | 'copying';
  message: string;
  completed: number;
  total: number | null;
  bytesPerSecond?: number;
  etaSeconds?: number;
}

export type ProgressListener = (progress: TransferProgress) => void;

const WINDOW_MS = 5000;
const MIN_INTERVAL_MS = 250;
const SAMPLE_MS = 100;

/**
 * Rate and ETA over a sliding five-second window, reported at most four times
 * a second (plus the first and last sample) so the UI and the event channel
 * are not flooded by per-chunk updates.
 */
export class ProgressMeter {
  private samples: Array<{ at: number; bytes: number }> = [];
  private lastEmit = -Infinity;

  constructor(
    private readonly listener: ProgressListener | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forgets the rate history (after a pause such as a retry wait or a restart). */
  reset(): void {
    this.samples = [];
  }

  update(stage: TransferProgress['stage'], message: string, completed: number, total: number | null, force = false): void {
    if (!this.listener) return;
    const at = this.now();
    // One sample per 100 ms is plenty for a five-second window, whatever the chunk rate.
    const last = this.samples.at(-1);
    if (!last || at - last.at >= SAMPLE_MS || force) this.samples.push({ at, bytes: completed });
    while (this.samples.length > 2 && at - this.samples[0]!.at > WINDOW_MS) this.samples.shift();
    if (!force && at - this.lastEmit < MIN_INTERVAL_MS) return;
    this.lastEmit = at;
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    const progress: TransferProgress = { stage, message, completed, total };
    if (seconds > 0 && completed >= first.bytes) {
      progress.bytesPerSecond = Math.round((completed - first.bytes) / seconds);
      if (total !== null && progress.bytesPerSecond > 0) {
        progress.etaSeconds = Math.max(0, Math.round((total - completed) / progress.bytesPerSecond));
      }
    }
    this.listener(progress);
  }

  /** A one-off message (retry notice, restart notice) sent immediately. */
  notice(stage: TransferProgress['stage'], message: string, completed: number, total: number | null): void {
    this.listener?.({ stage, message, completed, total });
  }
}
