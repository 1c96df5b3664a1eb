import { BRIDGE_PATH, launchToken, TOKEN_STATE_KEY, type BridgeInvokeMessage, type BridgeServerMessage } from '../../../src-shared/ipc/bridge-protocol';
import { EVENT_NAMES, INVOKE_METHODS, subscriberName } from '../../../src-shared/ipc/channels';
import type { ExwizApi, IpcResult } from '../../../src-shared/ipc/contract';

type Pending = (result: IpcResult<unknown>) => void;

/** Whether the page has its engine: "lost" when the loopback connection closed, "open" when it is back. */
export type ConnectionState = 'open' | 'lost';

/** The window event the bridge client raises on each change of its connection. */
export const CONNECTION_EVENT = 'exwiz:connection';

function announce(state: ConnectionState): void {
  globalThis.dispatchEvent?.(new CustomEvent<ConnectionState>(CONNECTION_EVENT, { detail: state }));
}

/**
 * The contract's API object in browser mode: the same methods the preload
 * exposes in Electron, carried over a WebSocket to the loopback bridge.
 *
 * The token comes from the page address the launcher printed and is then taken out of the
 * address bar (`launchToken`). A dropped
 * connection fails the calls in flight with a clear error and reconnects on the
 * next call.
 */
export function createBridgeClient(location: Location, history: History): ExwizApi {
  const { token, search } = launchToken(location.search, history.state);
  if (search !== null) {
    const state: unknown = history.state;
    history.replaceState({ ...(typeof state === 'object' && state !== null ? state : {}), [TOKEN_STATE_KEY]: token }, '', `${location.pathname}${search}${location.hash}`);
  }
  const url = `ws://${location.host}${BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: Promise<WebSocket> | null = null;

  const failAll = (message: string) => {
    for (const [id, resolve] of pending) {
      resolve({ ok: false, error: { code: 'unreachable', message, fix: 'Check that "npm start" is still running, then reload the page.' } });
      pending.delete(id);
    }
  };

  const connect = (): Promise<WebSocket> => {
    socket ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        announce('open');
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('The wizard engine refused or dropped the connection.'));
      ws.onclose = () => {
        socket = null;
        announce('lost');
        failAll('The connection to the wizard engine was lost.');
      };
      ws.onmessage = event => {
        const message = JSON.parse(String(event.data)) as BridgeServerMessage;
        if (message.type === 'result') {
          pending.get(message.id)?.(message.result);
          pending.delete(message.id);
        } else if (message.type === 'event') {
          for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
        }
      };
    });
    return socket;
  };

  const api: Record<string, unknown> = {};
  for (const method of INVOKE_METHODS) {
    api[method] = async (request: unknown): Promise<IpcResult<unknown>> => {
      let ws: WebSocket;
      try {
        ws = await connect();
      } catch (err) {
        socket = null;
        announce('lost');
        return { ok: false, error: { code: 'unreachable', message: String(err instanceof Error ? err.message : err), fix: 'Open the address printed by "npm start" again.' } };
      }
      const id = nextId++;
      const message: BridgeInvokeMessage = { type: 'invoke', id, method, payload: request };
      return new Promise(resolve => {
        pending.set(id, resolve);
        ws.send(JSON.stringify(message));
      });
    };
  }
  for (const event of EVENT_NAMES) {
    api[subscriberName(event)] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      void connect().catch(() => undefined);
      return () => set.delete(listener);
    };
  }
  return api as ExwizApi;
}
