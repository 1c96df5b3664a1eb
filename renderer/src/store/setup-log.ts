import type { IpcResult, ResponseOf } from '../../../src-shared/ipc/contract';
import { getApi } from '../api';

/**
 * The Setup log panel's calls: a server's ExchangeSetup.log read where its scan read it
 * (`analyse` for the diagnosis, `tail` for a run under way), or a copy the admin chose. The panel
 * keeps the answers itself: they belong to the item it sits beside, not to the session.
 */
export function readServerSetupLog(serverName: string, mode: 'analyse' | 'tail'): Promise<IpcResult<ResponseOf<'readServerSetupLog'>>> {
  return getApi().readServerSetupLog({ serverName, mode });
}

/** Diagnoses a log file the admin chose (a dialog's path, or one in the data folder). */
export function analyseSetupLogFile(path: string): Promise<IpcResult<ResponseOf<'analyseSetupLogFile'>>> {
  return getApi().analyseSetupLogFile({ path });
}
