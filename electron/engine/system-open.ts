import { spawn } from 'node:child_process';
import { AppError } from '../../src-shared/domain/errors';
import { systemProgram } from './system-programs';

/**
 * Opens a URL in the user's default browser without a shell: the URL is one
 * argument of a fixed program, never command text.
 */
export function openInSystemBrowser(url: string): Promise<void> {
  const [command, args] = process.platform === 'win32' ? [systemProgram('explorer.exe'), [url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.once('error', err => reject(new AppError('unsupported', `Could not start ${command} to open the browser.`, { detail: String(err) })));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
