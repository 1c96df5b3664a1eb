import { app, session, shell, type WebContents } from 'electron';
import { isAllowedExternalUrl } from '../../src-shared/domain/external-links';

/**
 * Process-wide hardening, applied before any window exists.
 *
 * Follows Electron's security checklist: no navigation (#13), no new windows
 * (#14), external links only to the Microsoft documentation allow-list (#15),
 * no permissions (#5), no <webview> (#12).
 */
export function applyProcessHardening(): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
}

/**
 * Opens a URL in the system browser only when it is on the allow-list; the
 * one way the main process hands anything to `shell.openExternal`.
 */
export async function openAllowedExternal(url: string): Promise<void> {
  if (!isAllowedExternalUrl(url)) throw new Error('Only Microsoft documentation links can be opened.');
  await shell.openExternal(url);
}

function hardenContents(contents: WebContents): void {
  // A link with target=_blank or window.open: never a new Electron window;
  // allow-listed documentation opens in the system browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void openAllowedExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', event => event.preventDefault());
  contents.on('will-redirect', event => event.preventDefault());
  contents.on('will-attach-webview', event => event.preventDefault());
}
