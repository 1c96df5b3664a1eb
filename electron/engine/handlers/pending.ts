import { AppError } from '../../../src-shared/domain/errors';
import type { EngineHandlers } from '../dispatch';

/**
 * Methods whose engine service has not landed yet. Each answers with a clear
 * "unsupported" error instead of pretending to work; the owning issue replaces
 * its entry with the real handler.
 */
type PendingMethods = Exclude<
  keyof EngineHandlers,
  'getAppInfo' | 'cancelJob' | 'openExternal' | 'loadSession' | 'updateSession' | 'resetSession' | 'validateHostNames'
>;

function notYet(what: string): () => Promise<never> {
  return async () => {
    throw new AppError('unsupported', `${what} is not available in this build yet.`);
  };
}

export function createPendingHandlers(): Pick<EngineHandlers, PendingMethods> {
  return {
    discoverServers: notYet('Server discovery'),
    scanServers: notYet('Scanning'),
    rescanServer: notYet('Re-scanning'),
    exportCollector: notYet('The offline collector'),
    importCollectorCapture: notYet('Importing a collector capture'),
    downloadUpdate: notYet('Downloading'),
    importUpdateFile: notYet('Importing a file'),
    stageUpdate: notYet('Staging'),
    exportReport: notYet('Report export'),
    openReport: notYet('Opening a saved report'),
  };
}
