import { AppError, toErrorShape } from '../../src-shared/domain/errors';
import { invokeContract, type InvokeMethod, type IpcResult, type ParsedRequestOf, type ResponseOf } from '../../src-shared/ipc/contract';

/** The engine's implementation of every invoke method of the contract. */
export type EngineHandlers = {
  [M in InvokeMethod]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>>;
};

export type Dispatcher = (method: string, payload: unknown) => Promise<IpcResult<unknown>>;

function isInvokeMethod(method: string): method is InvokeMethod {
  return Object.prototype.hasOwnProperty.call(invokeContract, method);
}

/**
 * Validates a call from the renderer and runs its handler.
 *
 * Used by both the Electron main process and the browser-mode bridge: an
 * unknown method or a payload that does not match the contract never reaches a
 * handler, and every failure comes back as an error envelope.
 */
export function createDispatcher(handlers: EngineHandlers): Dispatcher {
  return async (method, payload) => {
    try {
      if (!isInvokeMethod(method)) throw new AppError('invalid-input', `Unknown method "${method}".`);
      const parsed = invokeContract[method].request.safeParse(payload ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map(i => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
        throw new AppError('invalid-input', `Invalid request for ${method}: ${issues}`);
      }
      const handler = handlers[method] as (request: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toErrorShape(err) };
    }
  };
}
