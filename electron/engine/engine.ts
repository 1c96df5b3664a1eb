import { CatalogStore } from './catalog-store';
import type { EngineContext, EngineOptions } from './context';
import { createDispatcher, type Dispatcher, type EngineHandlers } from './dispatch';
import { EngineEvents } from './events';
import { createAppHandlers } from './handlers/app';
import { createHostNameHandlers } from './handlers/host-names';
import { createDnsHandlers } from './handlers/dns';
import { createPackageHandlers } from './handlers/packages';
import { createReportHandlers } from './handlers/report';
import { createScanHandlers } from './handlers/scan';
import { createSessionHandlers } from './handlers/session';
import { createTransferHandlers } from './handlers/transfer';
import { JobRegistry } from './jobs';
import { PathPolicy } from './path-policy';
import type { ScriptRunner } from './powershell/host';
import { PowerShellPool } from './powershell/pool';
import { SessionStore } from './session-store';

/** The engine: every Node-side service behind the IPC contract. */
export interface Engine {
  readonly context: EngineContext;
  readonly handlers: EngineHandlers;
  /** Validating entry point for calls that come from the renderer. */
  readonly dispatch: Dispatcher;
  dispose(): Promise<void>;
}

const DEFAULT_CONCURRENCY = 4;

export function createEngine(options: EngineOptions): Engine {
  const events = new EngineEvents();
  const jobs = new JobRegistry(events);
  const sessions = new SessionStore(options.dataDirectory);
  let runner: ScriptRunner | null = options.scriptRunner ?? null;
  const context: EngineContext = {
    options,
    events,
    jobs,
    sessions,
    catalogs: new CatalogStore(options.dataDirectory),
    paths: new PathPolicy(options.dataDirectory),
    scripts() {
      runner ??= new PowerShellPool(options.concurrency ?? DEFAULT_CONCURRENCY);
      return runner;
    },
  };
  const handlers = {
    ...createAppHandlers(context),
    ...createSessionHandlers(context),
    ...createHostNameHandlers(),
    ...createDnsHandlers(),
    ...createTransferHandlers(context),
    ...createReportHandlers(context),
    ...createScanHandlers(context),
    ...createPackageHandlers(context),
  } satisfies EngineHandlers;
  return {
    context,
    handlers,
    dispatch: createDispatcher(handlers),
    async dispose() {
      jobs.cancelAll();
      sessions.close();
      if (runner && runner !== options.scriptRunner) await runner.dispose();
    },
  };
}
