import { CatalogStore } from './catalog-store';
import { removeCrashLeftovers } from './data-folder';
import type { EngineContext, EngineOptions } from './context';
import { createDispatcher, type Dispatcher, type EngineHandlers } from './dispatch';
import { EngineEvents } from './events';
import { createAppHandlers } from './handlers/app';
import { createHostNameHandlers } from './handlers/host-names';
import { createDnsHandlers } from './handlers/dns';
import { createCredentialHandlers } from './handlers/credentials';
import { createPackageHandlers } from './handlers/packages';
import { createReportHandlers } from './handlers/report';
import { createScanHandlers } from './handlers/scan';
import { createSessionHandlers } from './handlers/session';
import { createSetupLogHandlers } from './handlers/setup-log';
import { createTransferHandlers } from './handlers/transfer';
import { JobRegistry } from './jobs';
import { PathPolicy } from './path-policy';
import type { ScriptRunner } from './powershell/host';
import { PowerShellPool } from './powershell/pool';
import { warmProbeBatch } from './scan/probe-batch';
import { DemoNight } from './demo/demo-night';
import { SessionStore } from './session-store';
import { readThisComputer } from './discovery/this-computer';
import { CredentialStore } from './credentials';
import { restartAsAdministratorCommand, type ThisComputer } from '../../src-shared/domain/this-computer';

/** The engine: every Node-side service behind the IPC contract. */
export interface Engine {
  readonly context: EngineContext;
  readonly handlers: EngineHandlers;
  /** Validating entry point for calls that come from the renderer. */
  readonly dispatch: Dispatcher;
  /** Resolves once the PowerShell host started at launch is ready (at once when none is warmed). */
  readonly warmed: Promise<void>;
  dispose(): Promise<void>;
}

/**
 * PowerShell processes the engine keeps: one runs a scan's whole batch (its
 * runspaces fan out to the servers), the other keeps discovery, signature
 * checks and staging going meanwhile. About 200 MB each, so no more.
 */
const POOL_SIZE = 2;

export function createEngine(options: EngineOptions): Engine {
  const events = new EngineEvents();
  const jobs = new JobRegistry(events);
  const catalogs = new CatalogStore(options.dataDirectory);
  const sessions = new SessionStore(options.dataDirectory, { catalog: async () => (await catalogs.active()).catalog });
  let runner: ScriptRunner | null = options.scriptRunner ?? null;
  let thisComputer: Promise<ThisComputer | null> | null = null;
  let disposed = false;
  const context: EngineContext = {
    options,
    events,
    jobs,
    sessions,
    catalogs,
    paths: new PathPolicy(options.dataDirectory),
    demoNight: new DemoNight(
      options.dataDirectory,
      () => context.scripts(),
      async () => (await context.catalogs.active()).catalog,
    ),
    scripts() {
      runner ??= new PowerShellPool(POOL_SIZE);
      return runner;
    },
    thisComputer() {
      // Only Windows has Exchange servers to be on; a failed read is "not known", asked again next time.
      if (process.platform !== 'win32') return Promise.resolve(null);
      thisComputer ??= readThisComputer(context.scripts()).catch(() => {
        thisComputer = null;
        return null;
      });
      return thisComputer;
    },
    credentials: new CredentialStore(),
    restartCommand: restartAsAdministratorCommand(process.execPath, process.argv.slice(1)),
  };
  const warmed = options.warmPowerShell ? warmAtLaunch(context, () => disposed) : Promise.resolve();
  // Temporary files a crash left behind; nothing waits for this.
  void removeCrashLeftovers(options.dataDirectory).catch(() => undefined);
  const handlers = {
    ...createAppHandlers(context),
    ...createSessionHandlers(context),
    ...createHostNameHandlers(),
    ...createDnsHandlers(),
    ...createCredentialHandlers(context),
    ...createTransferHandlers(context),
    ...createReportHandlers(context),
    ...createScanHandlers(context),
    ...createPackageHandlers(context),
    ...createSetupLogHandlers(context),
  } satisfies EngineHandlers;
  return {
    context,
    handlers,
    dispatch: createDispatcher(handlers),
    warmed,
    async dispose() {
      disposed = true;
      jobs.cancelAll();
      sessions.close();
      if (runner && runner !== options.scriptRunner) await runner.dispose();
    },
  };
}

/**
 * Starts one PowerShell host right after launch and runs an empty scan batch
 * in it, so the first scan finds PowerShell and its runspace machinery ready
 * instead of waiting seconds for them. Deferred to the
 * next turn of the event loop so the window opens first; a PowerShell that
 * cannot start is reported by the run that needs it, not here.
 */
function warmAtLaunch(context: EngineContext, disposed: () => boolean): Promise<void> {
  return new Promise<void>(resolve => setImmediate(resolve)).then(async () => {
    // An engine disposed before this turn (a start that failed at once) must not start a PowerShell nothing would stop.
    if (disposed()) return;
    const runner = context.scripts();
    if (!(runner instanceof PowerShellPool)) return;
    await runner.warm(1);
    await warmProbeBatch(runner).catch(() => undefined);
  });
}
