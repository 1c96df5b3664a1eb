import { validateHostName } from '../../../src-shared/domain/host-names';
import type { EngineHandlers } from '../dispatch';

export function createHostNameHandlers(): Pick<EngineHandlers, 'validateHostNames'> {
  return {
    async validateHostNames({ names }) {
      return { results: names.map(validateHostName) };
    },
  };
}
