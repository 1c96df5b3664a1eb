/**
 * Channel names of the IPC contract, without the schemas.
 *
 * The preload needs only these names, so it stays a small bundle that does not
 * carry the validation library; `contract.ts` checks at compile time that it
 * has a schema for every name listed here and no other.
 */
export const INVOKE_METHODS = [
  'getAppInfo',
  'cancelJob',
  'openExternal',
  'choosePath',
  'loadSession',
  'updateSession',
  'resetSession',
  'setExtendedProtectionChoice',
  'validateHostNames',
  'resolveHostNames',
  'discoverServers',
  'scanServers',
  'rescanServer',
  'runAutoCheck',
  'exportCollector',
  'importCollectorCapture',
  'listUpdatePackages',
  'downloadUpdate',
  'importUpdateFile',
  'stageUpdate',
  'exportReport',
  'openReport',
  'compareReports',
  'revealReport',
  'restartAsAdministrator',
  'setServerCredential',
  'analyseSetupLogFile',
  'readServerSetupLog',
] as const;

export const EVENT_NAMES = ['jobProgress'] as const;

/** Name of the global the preload (or the bridge client) installs: `window.exwiz`. */
export const API_GLOBAL = 'exwiz';

/** The Electron IPC channel carrying an invoke method. */
export function invokeChannel(method: string): string {
  return `exwiz:invoke:${method}`;
}

/** The Electron IPC channel carrying an event. */
export function eventChannel(event: string): string {
  return `exwiz:event:${event}`;
}

/** `jobProgress` → `onJobProgress`: the API method that subscribes to an event. */
export function subscriberName(event: string): string {
  return `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;
}
