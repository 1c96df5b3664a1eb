import { create } from 'zustand';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { WizardSession, WizardStep } from '../../../src-shared/wizard/session';
import type { AppInfo, JobProgress } from '../../../src-shared/ipc/contract';
import { blockedReason } from '../../../src-shared/wizard/steps';
import { getApi, onConnectionChange } from '../api';
import { serverKey } from '../../../src-shared/domain/server-identity';
import { initialSlices, type CollectorSlice, type ReportSlice, type TransferSlice, type UpgradeSlice } from './slices';

/** Where an error happened: a step, or the app shell itself. */
export type ErrorPlace = WizardStep | 'app';

/**
 * The renderer's one store, in slices. Components read it only through selectors
 * (`useWizardStore(s => s.session?.scan)`), never whole, so a progress event re-renders only
 * what shows progress. Steps call actions here rather than the API where an action exists.
 */
export interface SessionSlice {
  appInfo: AppInfo | null;
  session: WizardSession | null;
  initialising: boolean;
  /** Errors shown in place, by step. */
  errors: Partial<Record<ErrorPlace, AppErrorShape>>;
  init(): Promise<void>;
  goTo(step: WizardStep): Promise<void>;
  setSession(session: WizardSession): void;
  /** Reloads the session after the engine changed it (scan, download, staging). */
  refreshSession(): Promise<void>;
  setError(place: ErrorPlace, error: AppErrorShape | null): void;
  /** Starts a new session; the engine archives the old one. Returns the archive's path. */
  startOver(): Promise<string | null>;
}

export interface JobsSlice {
  /** Latest progress of each job, by job id. */
  jobs: Record<string, JobProgress>;
  /** Latest per-server progress (scan, staging), by server name. */
  serverProgress: Record<string, JobProgress>;
  /** When each server's current job reported its first event (ms), for "elapsed". */
  serverStartedAt: Record<string, number>;
}

export interface DiscoverySlice {
  discovery: { jobId: string | null; busy: boolean };
}

export interface ScanRunSlice {
  /** The scan running or last run in this window: when it started and finished (ms since epoch). */
  scanRun: { jobId: string; startedAt: number; finishedAt: number | null; servers: string[] } | null;
}

/** A checklist tick the engine has not confirmed yet. */
export interface UnsavedTick {
  server: string;
  item: string;
  done: boolean;
}

export interface SavingSlice {
  /** Ticks shown but not yet confirmed by the engine, by "server/item". */
  unsavedTicks: Record<string, UnsavedTick>;
  /** Ticks (or unticks) a checklist item: shown at once, marked unsaved until the engine confirms. */
  tickChecklistItem(server: string, item: string, done: boolean): Promise<boolean>;
  /** Sends the unconfirmed ticks again. */
  retryUnsaved(): Promise<void>;
}

export interface ConnectionSlice {
  /** Browser mode: the page lost its engine (the `npm start` process ended or the connection dropped). */
  engineLost: boolean;
}

export type WizardState = SessionSlice & JobsSlice & DiscoverySlice & ScanRunSlice & SavingSlice & ConnectionSlice & TransferSlice & UpgradeSlice & CollectorSlice & ReportSlice;

const tickKey = (server: string, item: string) => `${server}/${item}`;

/**
 * The engine's session with the ticks it has not confirmed yet laid over it. Each answer carries
 * the session as it was when that call was saved: an earlier tick's answer arriving after a newer
 * tick would otherwise untick the newer one on screen until its own answer came.
 */
export function withUnsavedTicks(session: WizardSession, unsaved: Record<string, UnsavedTick>): WizardSession {
  const ticks = Object.values(unsaved);
  if (ticks.length === 0) return session;
  const checklist = { ...session.checklist };
  for (const { server, item, done } of ticks) {
    const shown = checklist[server]?.[item];
    if (shown?.done === done) continue;
    checklist[server] = { ...(checklist[server] ?? {}), [item]: { done, at: done ? new Date().toISOString() : null } };
  }
  return { ...session, checklist };
}

export const useWizardStore = create<WizardState>()((set, get) => ({
  appInfo: null,
  session: null,
  initialising: true,
  errors: {},
  jobs: {},
  serverProgress: {},
  serverStartedAt: {},
  discovery: { jobId: null, busy: false },
  scanRun: null,
  unsavedTicks: {},
  engineLost: false,
  ...initialSlices(),

  async init() {
    const api = getApi();
    onConnectionChange(state => set({ engineLost: state === 'lost' }));
    api.onJobProgress(progress =>
      set(state => {
        const name = progress.serverName;
        const serverStartedAt =
          name && (progress.phase === 'started' || state.serverStartedAt[name] === undefined || state.serverProgress[name]?.jobId !== progress.jobId)
            ? { ...state.serverStartedAt, [name]: Date.now() }
            : state.serverStartedAt;
        return {
          jobs: { ...state.jobs, [progress.jobId]: progress },
          serverProgress: name ? { ...state.serverProgress, [name]: progress } : state.serverProgress,
          serverStartedAt,
        };
      }),
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
    set(state => ({ session: withUnsavedTicks(session, state.unsavedTicks) }));
  },

  async refreshSession() {
    const result = await getApi().loadSession({});
    if (result.ok) get().setSession(result.value.session);
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
    if (!result.ok) {
      get().setError('app', result.error);
      return null;
    }
    set({ session: result.value.session, errors: {}, jobs: {}, serverProgress: {}, serverStartedAt: {}, scanRun: null, unsavedTicks: {}, ...initialSlices() });
    return result.value.archivedAs ?? null;
  },

  async tickChecklistItem(server, item, done) {
    const session = get().session;
    if (!session) return false;
    const items = { ...(session.checklist[server] ?? {}), [item]: { done, at: done ? new Date().toISOString() : null } };
    set(state => ({
      session: { ...session, checklist: { ...session.checklist, [server]: items } },
      unsavedTicks: { ...state.unsavedTicks, [tickKey(server, item)]: { server, item, done } },
    }));
    const result = await getApi().updateSession({ checklist: { server, item, done } });
    if (!result.ok) {
      get().setError('upgrade', { ...result.error, message: `Your tick is shown but not saved: ${result.error.message}` });
      return false;
    }
    set(state => {
      const unsaved = { ...state.unsavedTicks };
      // Only a confirmation of the latest state clears it; a newer tick waits for its own.
      if (unsaved[tickKey(server, item)]?.done === done) delete unsaved[tickKey(server, item)];
      return { unsavedTicks: unsaved, session: withUnsavedTicks(result.value.session, unsaved) };
    });
    return true;
  },

  async retryUnsaved() {
    for (const tick of Object.values(get().unsavedTicks)) {
      if (!(await get().tickChecklistItem(tick.server, tick.item, tick.done))) return;
    }
    get().setError('upgrade', null);
  },
}));

/** Keeps the first entry per server name (case-insensitive), adding new ones at the end. */
export function mergeServers(existing: DiscoveredServer[], found: DiscoveredServer[]): DiscoveredServer[] {
  const seen = new Set(existing.map(s => serverKey(s.name)));
  const merged = [...existing];
  for (const server of found) {
    if (seen.has(serverKey(server.name))) continue;
    seen.add(serverKey(server.name));
    merged.push(server);
  }
  return merged;
}
