import { beforeEach, describe, expect, it, vi } from 'vitest';
import { shallow } from 'zustand/shallow';
import type { JobProgress } from '../../src-shared/ipc/contract';
import { sampleSession } from '../report/fixtures';

const api = {
  updateSession: vi.fn(),
  resetSession: vi.fn(async () => ({ ok: true, value: { session: sampleSession(), archivedAs: null } })),
  exportReport: vi.fn(async () => ({ ok: true, value: { path: 'C:\\Exwiz\\report.html', bytes: 1234 } })),
};
vi.mock('../../renderer/src/api', () => ({ getApi: () => api, onConnectionChange: () => () => undefined }));

const { useWizardStore } = await import('../../renderer/src/store/wizard-store');
const { exportReport, setRedact } = await import('../../renderer/src/store/report');
const { selectDownloadActivity } = await import('../../renderer/src/store/transfer');

function progress(jobId: string, completed: number, total: number | null): JobProgress {
  return { jobId, kind: 'download', phase: 'progress', message: 'Downloading…', completed, total, unit: 'bytes' } as JobProgress;
}

describe('the renderer store (one store, in slices)', () => {
  beforeEach(() => {
    useWizardStore.setState({ session: sampleSession() });
  });

  it("keeps the Report step's exports in its report slice, and Start over clears them", async () => {
    setRedact(true);
    await exportReport('html');
    expect(useWizardStore.getState().report).toMatchObject({ redact: true, busy: null, exported: [{ format: 'html', path: 'C:\\Exwiz\\report.html', redacted: true }] });
    await useWizardStore.getState().startOver();
    expect(useWizardStore.getState().report).toEqual({ redact: false, busy: null, exported: [], review: null, comparison: null });
  });

  it('lets the Download step see a row change only when its shown percent does, not on every progress event', () => {
    useWizardStore.setState({ downloadJobs: { cu15: 'job-1' }, jobs: { 'job-1': progress('job-1', 100, 1000) } });
    const before = selectDownloadActivity(useWizardStore.getState());
    expect(before).toEqual({ cu15: 'running 10' });
    // Another job's event and a few more bytes within the same percent: equal by value, no re-render.
    useWizardStore.setState(s => ({ jobs: { ...s.jobs, 'job-1': progress('job-1', 105, 1000), other: progress('other', 1, 2) } }));
    expect(shallow(selectDownloadActivity(useWizardStore.getState()), before)).toBe(true);
    useWizardStore.setState(s => ({ jobs: { ...s.jobs, 'job-1': progress('job-1', 200, 1000) } }));
    expect(selectDownloadActivity(useWizardStore.getState())).toEqual({ cu15: 'running 20' });
  });

  it("keeps a newer tick on screen when an earlier tick's answer arrives first", async () => {
    // The engine answers each tick with the session as saved then: the first answer knows nothing of the second tick.
    const saved = sampleSession();
    const answers: Array<() => void> = [];
    api.updateSession.mockImplementation(({ checklist }: { checklist: { server: string; item: string; done: boolean } }) => {
      saved.checklist = { ...saved.checklist, [checklist.server]: { ...(saved.checklist[checklist.server] ?? {}), [checklist.item]: { done: checklist.done, at: '2026-12-07T02:00:00.000Z' } } };
      const snapshot = structuredClone(saved);
      return new Promise(resolve => answers.push(() => resolve({ ok: true, value: { session: snapshot } })));
    });
    useWizardStore.setState({ session: sampleSession(), unsavedTicks: {} });
    const first = useWizardStore.getState().tickChecklistItem('EX01', 'backup', true);
    const second = useWizardStore.getState().tickChecklistItem('EX01', 'antivirus', true);
    const shown = () => useWizardStore.getState().session?.checklist.EX01 ?? {};
    answers[0]?.();
    await first;
    expect(shown().backup?.done).toBe(true);
    expect(shown().antivirus?.done).toBe(true);
    expect(Object.keys(useWizardStore.getState().unsavedTicks)).toEqual(['EX01/antivirus']);
    answers[1]?.();
    await second;
    expect(shown()).toMatchObject({ backup: { done: true }, antivirus: { done: true } });
    expect(useWizardStore.getState().unsavedTicks).toEqual({});
  });
});
