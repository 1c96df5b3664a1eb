import { getApi } from '../api';
import { useWizardStore, type ErrorPlace } from './wizard-store';

/**
 * The engine's native file or folder dialog (Electron). The path it returns is the only kind the
 * engine accepts from the page outside its data folder; null when the admin cancelled.
 */
export async function choosePath(place: ErrorPlace, request: { kind: 'file' | 'folder'; title: string; extensions?: string[] }): Promise<string | null> {
  const result = await getApi().choosePath(request);
  if (!result.ok) {
    useWizardStore.getState().setError(place, result.error);
    return null;
  }
  return result.value.path;
}
