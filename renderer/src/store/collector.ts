import { getApi } from '../api';
import { newJobId } from './jobs';
import { callForStep } from './session-actions';
import { useWizardStore } from './wizard-store';

/** Saves the standalone collector script into the data folder and remembers where. */
export async function exportCollectorScript(): Promise<void> {
  const result = await callForStep('health', () => getApi().exportCollector({}));
  if (result) useWizardStore.setState(s => ({ collector: { ...s.collector, scriptPath: result.path } }));
}

/** Imports the ZIP the collector wrote on the server, as that server's scan. */
export async function importCollectorZip(path: string): Promise<void> {
  const jobId = newJobId('collector');
  useWizardStore.setState(s => ({ collector: { ...s.collector, importJobId: jobId } }));
  try {
    await callForStep('health', () => getApi().importCollectorCapture({ jobId, path }));
  } finally {
    await useWizardStore.getState().refreshSession();
  }
}
