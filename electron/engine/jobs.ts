import { AppError } from '../../src-shared/domain/errors';
import type { JobProgress } from '../../src-shared/ipc/contract';
import type { EngineEvents } from './events';

type ProgressUpdate = Omit<JobProgress, 'jobId' | 'kind'>;

/** A running long operation: its cancel signal and its progress reporter. */
export interface Job {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(update: ProgressUpdate): void;
  /** Throws a cancelled error when the admin cancelled the job. */
  throwIfCancelled(): void;
}

/**
 * Long operations by job id, so the UI can cancel them and follow their progress.
 */
export class JobRegistry {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly events: EngineEvents) {}

  /** Runs `work` as job `id`, emitting started/finished/failed/cancelled around it. */
  async run<T>(id: string, kind: JobProgress['kind'], work: (job: Job) => Promise<T>): Promise<T> {
    if (this.running.has(id)) throw new AppError('invalid-input', `A job with id "${id}" is already running.`);
    const controller = new AbortController();
    this.running.set(id, controller);
    let last: ProgressUpdate | null = null;
    const emit = (update: ProgressUpdate) => {
      last = update;
      this.events.emit('jobProgress', { jobId: id, kind, ...update });
    };
    const job: Job = {
      id,
      signal: controller.signal,
      progress: emit,
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new AppError('cancelled', 'Cancelled by the user.');
      },
    };
    emit({ phase: 'started', message: 'Started', completed: 0, total: null, unit: 'items' });
    try {
      const result = await work(job);
      // Keep the last counts (7 of 7 servers, 6.2 GB of 6.2 GB) in the final event.
      const done: ProgressUpdate = last ?? { phase: 'finished', message: 'Finished', completed: 1, total: 1, unit: 'items' };
      emit({ phase: 'finished', message: 'Finished', completed: done.total ?? done.completed, total: done.total ?? done.completed, unit: done.unit });
      return result;
    } catch (err) {
      const cancelled = controller.signal.aborted || (err instanceof AppError && err.code === 'cancelled');
      const error = err instanceof AppError ? err.toShape() : { code: 'internal' as const, message: String(err) };
      emit({ phase: cancelled ? 'cancelled' : 'failed', message: cancelled ? 'Cancelled' : error.message, completed: 0, total: null, unit: 'items', error });
      throw err;
    } finally {
      this.running.delete(id);
    }
  }

  cancel(id: string): boolean {
    const controller = this.running.get(id);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
