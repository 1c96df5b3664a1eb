import { useCallback, useState } from 'react';
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

/**
 * Runs long operations for one part of a step: a fresh job id per run (for
 * its progress bar and Cancel), busy while it runs, and the session reloaded
 * afterwards because the engine records results there.
 */
export function useJobRunner(kind: string) {
  const refreshSession = useWizardStore(s => s.refreshSession);
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(call: (jobId: string) => Promise<T>): Promise<T> => {
      const id = newJobId(kind);
      setJobId(id);
      setBusy(true);
      try {
        return await call(id);
      } finally {
        setBusy(false);
        await refreshSession();
      }
    },
    [kind, refreshSession],
  );
  return { jobId, busy, run };
}
