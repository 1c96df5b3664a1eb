import { useWizardStore } from './wizard-store';
import { getApi } from '../api';

/** A fresh id for a long operation; the engine reports its progress under it. */
export function newJobId(kind: string): string {
  const random = globalThis.crypto?.randomUUID?.().replace(/-/g, '').slice(0, 12) ?? Math.random().toString(36).slice(2, 14);
  return `${kind}-${random}`;
}

/** Latest progress of one job, or undefined before it reports. */
export function useJob(jobId: string | null) {
  return useWizardStore(s => (jobId ? s.jobs[jobId] : undefined));
}

/** Asks the engine to cancel a job; its progress then reports "cancelled". */
export async function cancelJob(jobId: string): Promise<void> {
  await getApi().cancelJob({ jobId });
}
