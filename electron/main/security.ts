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
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
}

function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', event => event.preventDefault());
  contents.on('will-redirect', event => event.preventDefault());
  contents.on('will-attach-webview', event => event.preventDefault());
}
