import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { IpcResult } from '../../../src-shared/ipc/contract';
import type { DownloadActivity } from '../../../src-shared/wizard/download-table';
import { stageCellKey, type StageActivity } from '../../../src-shared/wizard/stage-matrix';
import type { JobProgress } from '../../../src-shared/ipc/contract';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getApi } from '../api';
import { newJobId } from './jobs';
import type { TransferSlice } from './slices';
import { useWizardStore, type ErrorPlace, type WizardState } from './wizard-store';

const RUNNING: ReadonlySet<JobProgress['phase']> = new Set(['started', 'progress', 'item-finished']);

/**
 * One row's activity as the table shows it, as a string ("running 37", "running", "failed …"):
 * a primitive, so the store's selector compares rows by value and a step re-renders only when a
 * row's shown state or whole percent changes, not on every progress event of every job.
 */
function activityText(jobs: Record<string, JobProgress>, jobId: string | undefined, failure: string | undefined): string | undefined {
  const job = jobId ? jobs[jobId] : undefined;
  if (job && RUNNING.has(job.phase)) return job.total ? `running ${Math.floor((100 * job.completed) / job.total)}` : 'running';
  if (failure) return `failed ${failure}`;
  return undefined;
}

function activityTexts(jobsByKey: Record<string, string>, failures: Record<string, string>, jobs: Record<string, JobProgress>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of new Set([...Object.keys(jobsByKey), ...Object.keys(failures)])) {
    const text = activityText(jobs, jobsByKey[key], failures[key]);
    if (text !== undefined) result[key] = text;
  }
  return result;
}

/** Back from the row texts to the activity the table models take (a percent as completed of 100). */
function activityMap(texts: Record<string, string>): Record<string, DownloadActivity> {
  const result: Record<string, DownloadActivity> = {};
  for (const [key, text] of Object.entries(texts)) {
    if (text.startsWith('failed ')) result[key] = { state: 'failed', message: text.slice('failed '.length) };
    else result[key] = text === 'running' ? { state: 'running', completed: 0, total: null } : { state: 'running', completed: Number(text.slice('running '.length)), total: 100 };
  }
  return result;
}

/** The Download rows' activity texts by update id: what the Download step subscribes to. */
export function selectDownloadActivity(s: WizardState): Record<string, string> {
  return activityTexts(s.downloadJobs, s.downloadFailures, s.jobs);
}

/** The Stage cells' activity texts by cell key: what the Stage step subscribes to. */
export function selectStageActivity(s: WizardState): Record<string, string> {
  return activityTexts(s.stageJobs, s.stageFailures, s.jobs);
}

/** Running and failed downloads by update id, for the Download table's status column. */
export function useDownloadActivity(): Record<string, DownloadActivity> {
  const texts = useWizardStore(useShallow(selectDownloadActivity));
  return useMemo(() => activityMap(texts), [texts]);
}

/** Running and failed copies by cell key, for the Stage matrix. */
export function useStageActivity(): Record<string, StageActivity> {
  const texts = useWizardStore(useShallow(selectStageActivity));
  return useMemo(() => activityMap(texts), [texts]);
}

/** Asks the engine for the catalog entries of the plan's files (once per list of ids). */
export async function loadPackages(ids: string[]): Promise<void> {
  const key = ids.join('\n');
  if (useWizardStore.getState().packages?.ids === key) return;
  const result = await getApi().listUpdatePackages({ ids });
  if (!result.ok) {
    useWizardStore.getState().setError('download', result.error);
    return;
  }
  useWizardStore.setState({ packages: { ids: key, list: result.value.packages, missing: result.value.missing } });
}

/** How one transfer ended; `stop` ends a run of several (a cancellation, a folder refused). */
type Outcome = { ok: true } | { ok: false; error: AppErrorShape; stop: boolean };

/**
 * Runs one transfer job: remembers its job id under `key` (for the row's or cell's status),
 * records a failure there, keeps the session the engine changed. The step error shows the first
 * failure of a run with its fix; a cancellation is not an error.
 */
async function transfer(
  place: ErrorPlace,
  map: { jobs: 'downloadJobs' | 'stageJobs'; failures: 'downloadFailures' | 'stageFailures' },
  key: string,
  call: (jobId: string) => Promise<IpcResult<unknown>>,
): Promise<Outcome> {
  const jobId = newJobId(place);
  useWizardStore.setState(s => {
    const failures = { ...s[map.failures] };
    delete failures[key];
    return { [map.jobs]: { ...s[map.jobs], [key]: jobId }, [map.failures]: failures, transferRun: s.transferRun ? { ...s.transferRun, jobId } : s.transferRun } as Partial<TransferSlice>;
  });
  const result = await call(jobId);
  if (!result.ok && result.error.code !== 'cancelled') {
    useWizardStore.setState(s => ({ [map.failures]: { ...s[map.failures], [key]: result.error.message } }) as Partial<TransferSlice>);
  }
  return result.ok ? { ok: true } : { ok: false, error: result.error, stop: result.error.code === 'cancelled' };
}

const DOWNLOADS = { jobs: 'downloadJobs', failures: 'downloadFailures' } as const;
const COPIES = { jobs: 'stageJobs', failures: 'stageFailures' } as const;

/** Runs transfers one after another (one disk, one network): stops at a cancellation, goes on after a failure. */
async function runAll(place: 'download' | 'stage', label: string, items: Array<() => Promise<Outcome>>): Promise<void> {
  const store = useWizardStore.getState();
  if (store.transferRun) return;
  store.setError(place, null);
  useWizardStore.setState({ transferRun: { kind: place, jobId: null, label } });
  let first: AppErrorShape | null = null;
  try {
    for (const item of items) {
      const outcome = await item();
      if (outcome.ok) continue;
      if (outcome.stop) break;
      first ??= outcome.error;
    }
  } finally {
    useWizardStore.setState({ transferRun: null });
    await useWizardStore.getState().refreshSession();
  }
  if (first) useWizardStore.getState().setError(place, first);
}

/** Downloads one file (from the catalog's source or the demo server, or from an address the admin gave). */
export function downloadUpdate(updateId: string, url?: string): Promise<void> {
  return runAll('download', `Download of ${updateId}`, [() => transfer('download', DOWNLOADS, updateId, jobId => getApi().downloadUpdate({ jobId, updateId, ...(url ? { url } : {}) }))]);
}

/** "Download all": every file that has a direct source and no verified copy yet, one after another. */
export function downloadAll(updateIds: string[]): Promise<void> {
  return runAll(
    'download',
    `Download of ${updateIds.length} files`,
    updateIds.map(updateId => () => transfer('download', DOWNLOADS, updateId, jobId => getApi().downloadUpdate({ jobId, updateId }))),
  );
}

/** Imports a copy the admin already has; its size and hash are checked like a download's. */
export function importUpdate(updateId: string, path: string, sha256?: string): Promise<void> {
  return runAll('download', `Import of ${updateId}`, [() => transfer('download', DOWNLOADS, updateId, jobId => getApi().importUpdateFile({ jobId, updateId, path, ...(sha256 ? { sha256 } : {}) }))]);
}

/** One copy of the Stage matrix: a downloaded file onto a server (its C$ share, or a folder the admin chose). */
export interface StageCopy {
  server: string;
  /** The name the copy goes to (the FQDN when discovery knew it). */
  target: string;
  updateId: string;
  file: string;
}

/** "Copy all", or one server's copies: each file onto its server, one after another, checked again there. */
export function stageCopies(copies: StageCopy[], label: string): Promise<void> {
  return runAll(
    'stage',
    label,
    copies.map(c => () => transfer('stage', COPIES, stageCellKey(c.server, c.updateId), jobId => getApi().stageUpdate({ jobId, file: c.file, server: c.target }))),
  );
}

/**
 * One server's files into a folder the admin chose (a mounted share, a USB disk), to carry onto
 * the server by hand. Returns the engine's refusal of the folder for the field, or null.
 */
export async function stageToFolder(copies: StageCopy[], destination: string): Promise<string | null> {
  let refusal: string | null = null;
  await runAll(
    'stage',
    `Copy to ${destination}`,
    copies.map(c => async () => {
      // No server named: the copy is in that folder, not on the server, and is not recorded as staged there.
      const outcome = await transfer('stage', COPIES, stageCellKey(c.server, c.updateId), jobId => getApi().stageUpdate({ jobId, file: c.file, destination }));
      // A folder the engine may not use is the field's problem, not the step's.
      if (!outcome.ok && (outcome.error.code === 'access-denied' || outcome.error.code === 'invalid-input')) {
        refusal = [outcome.error.message, outcome.error.fix].filter(Boolean).join(' ');
        const key = stageCellKey(c.server, c.updateId);
        useWizardStore.setState(s => ({ stageFailures: Object.fromEntries(Object.entries(s.stageFailures).filter(([k]) => k !== key)) }));
        return { ...outcome, stop: true };
      }
      return outcome;
    }),
  );
  return refusal;
}
