import { create } from 'zustand';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { WizardSession, WizardStep } from '../../../src-shared/wizard/session';
import type { AppInfo, JobProgress } from '../../../src-shared/ipc/contract';
import { blockedReason } from '../../../src-shared/wizard/steps';
import { getApi } from '../api';

/** Where an error happened: a step, or the app shell itself. */
export type ErrorPlace = WizardStep | 'app';

export interface WizardState {
  appInfo: AppInfo | null;
  session: WizardSession | null;
  /** Errors shown in place, by step. */
  errors: Partial<Record<ErrorPlace, AppErrorShape>>;
  /** Latest progress of each job, by job id. */
  jobs: Record<string, JobProgress>;
  /** Latest per-server progress (scan, staging), by server name. */
  serverProgress: Record<string, JobProgress>;
  initialising: boolean;

  init(): Promise<void>;
  goTo(step: WizardStep): Promise<void>;
  setSession(session: WizardSession): void;
  /** Reloads the session after the engine changed it (scan, download, staging). */
  refreshSession(): Promise<void>;
  setError(place: ErrorPlace, error: AppErrorShape | null): void;
  startOver(): Promise<void>;
}

export const useWizardStore = create<WizardState>()((set, get) => ({
  appInfo: null,
  session: null,
  errors: {},
  jobs: {},
  serverProgress: {},
  initialising: true,

  async init() {
    const api = getApi();
    api.onJobProgress(progress =>
      set(state => ({
        jobs: { ...state.jobs, [progress.jobId]: progress },
        serverProgress: progress.serverName ? { ...state.serverProgress, [progress.serverName]: progress } : state.serverProgress,
      })),
    );
    const [info, session] = await Promise.all([api.getAppInfo({}), api.loadSession({})]);
    if (!info.ok) get().setError('app', info.error);
    if (!session.ok) get().setError('app', session.error);
    set({
      appInfo: info.ok ? info.value : null,
      session: session.ok ? session.value.session : null,
      initialising: false,
    });
  },

  async goTo(step) {
    const session = get().session;
    if (!session) return;
    const reason = blockedReason(step, session);
    if (reason) {
      get().setError(session.currentStep, { code: 'invalid-input', message: reason });
      return;
    }
    // Show the step at once; persisting the position may follow.
    set({ session: { ...session, currentStep: step } });
    const result = await getApi().updateSession({ currentStep: step });
    if (result.ok) get().setSession(result.value.session);
    else get().setError('app', result.error);
  },

  setSession(session) {
    set({ session });
  },

  async refreshSession() {
    const result = await getApi().loadSession({});
    if (result.ok) set({ session: result.value.session });
    else get().setError('app', result.error);
  },

  setError(place, error) {
    set(state => {
      const errors = { ...state.errors };
      if (error) errors[place] = error;
      else delete errors[place];
      return { errors };
    });
  },

  async startOver() {
    const result = await getApi().resetSession({});
    if (result.ok) set({ session: result.value.session, errors: {}, jobs: {}, serverProgress: {} });
    else get().setError('app', result.error);
  },
}));
