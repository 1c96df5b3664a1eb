import { AppError } from '../../../src-shared/domain/errors';
import { validateHostName } from '../../../src-shared/domain/host-names';
import type { EngineContext } from '../context';
import type { EngineHandlers } from '../dispatch';

/**
 * "Connect as…": keeps the account the admin gave for a server in the engine's memory
 * (CredentialStore). Nothing of it is written: not the session, not the audit, not a log.
 */
export function createCredentialHandlers(ctx: EngineContext): Pick<EngineHandlers, 'setServerCredential'> {
  return {
    async setServerCredential({ server, credential }) {
      const check = validateHostName(server);
      if (!check.valid || !check.normalized) throw new AppError('invalid-input', `"${server}" is not a server name: ${check.error ?? 'invalid'}`);
      ctx.credentials.set(check.normalized, credential);
      return { serversWithCredential: ctx.credentials.servers() };
    },
  };
}
