import { realpathSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/domain/errors';

/** What the renderer wants to do with a path it gives. */
export type PathUse = 'read' | 'write';

/**
 * Which paths the renderer may name. The page is treated as untrusted: a
 * path it gives is used only when the admin chose it (a path the main
 * process's file dialog returned, granted for this run) or when it lies in
 * the wizard's own data folder (browser mode: files put or uploaded there).
 * UNC and device paths are refused outright: opening \\host\share from
 * Windows sends the user's NTLM hash to that host. The engine still builds
 * \\server\C$\ExchangeUpdates staging targets itself, from a validated name.
 *
 * The CLI does not go through this: the admin typed its paths.
 */
export class PathPolicy {
  private readonly granted = new Set<string>();
  private readonly dataDirectory: string;

  constructor(dataDirectory: string) {
    this.dataDirectory = path.resolve(dataDirectory);
  }

  /** Records a path the admin chose in a file dialog of the main process. */
  grant(chosen: string): void {
    this.granted.add(comparable(path.resolve(chosen)));
  }

  /**
   * The absolute path to use for a path the renderer gave, or an AppError
   * saying why it may not be used (never the file's content).
   */
  confine(given: string, use: PathUse): string {
    if (isUncOrDevicePath(given)) {
      throw new AppError('access-denied', 'Network (UNC) and device paths cannot be given to the wizard window.', {
        fix: 'Copy the file to this computer first; the wizard copies to \\\\server\\C$ itself when you stage to a server.',
      });
    }
    if (given.includes('\0')) throw new AppError('invalid-input', 'The path contains a NUL character.');
    if (!path.isAbsolute(given)) throw new AppError('invalid-input', 'Give the full path (starting at a drive or /).');
    const resolved = path.resolve(given);
    if (this.isGranted(resolved) || this.isInsideDataFolder(resolved)) return resolved;
    throw new AppError(
      'access-denied',
      `This ${use === 'read' ? 'file' : 'folder'} is not one you chose in a file dialog, nor in the wizard's data folder (${this.dataDirectory}), so the wizard window may not ${use === 'read' ? 'open' : 'write to'} it.`,
      {
        fix: `Choose the file with "Browse…", or put it into ${this.dataDirectory} first.`,
      },
    );
  }

  private isGranted(resolved: string): boolean {
    const key = comparable(resolved);
    if (this.granted.has(key)) return true;
    // A chosen folder covers what the wizard writes into it (exports, staged files).
    for (const grant of this.granted) if (key.startsWith(grant + path.sep)) return true;
    return false;
  }

  private isInsideDataFolder(resolved: string): boolean {
    const root = comparable(realOrSelf(this.dataDirectory));
    // Follow symbolic links of the part that exists: a link in the data folder must not lead out of it.
    const real = comparable(realExistingPrefix(resolved));
    return real === root || real.startsWith(root + path.sep);
  }
}

/** \\server\share, \\?\…, \\.\…, //server/share: paths that reach the network or devices. */
export function isUncOrDevicePath(given: string): boolean {
  return /^[\\/]{2}/.test(given);
}

function comparable(p: string): string {
  return process.platform === 'win32' ? p.toLowerCase() : p;
}

function realOrSelf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

/** The real path of the longest existing prefix, with the rest appended. */
function realExistingPrefix(p: string): string {
  const rest: string[] = [];
  let current = p;
  for (;;) {
    try {
      return path.join(realpathSync.native(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return p;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}
