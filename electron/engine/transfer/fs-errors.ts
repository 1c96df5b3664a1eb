import { AppError } from '../../../src-shared/domain/errors';

/** The errno code of a Node error, if it has one. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a file-system error into an AppError that says where it happened and
 * what the admin can do. `where` names the file or folder in plain words
 * ("the download folder C:\\Updates", "the server share \\\\ex01\\C$\\...").
 */
export function fileSystemError(err: unknown, action: string, where: string): AppError {
  if (err instanceof AppError) return err;
  const code = errnoCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('disk-full', `There is not enough free space on ${where} to ${action}.`, {
        fix: 'Free some space there (or choose another folder) and run it again: the part already written is kept and the transfer resumes.',
        detail,
      });
    case 'EACCES':
    case 'EPERM':
      return new AppError('access-denied', `Access was denied to ${where} while trying to ${action}.`, {
        fix: 'Check that your account may write there (for \\\\server\\C$ you need to be a local administrator of the server).',
        detail,
      });
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError('io', `${capitalise(where)} does not exist (any more): could not ${action}.`, {
        fix: 'Check that the folder exists and was not removed or disconnected during the transfer, then run it again.',
        detail,
      });
    case 'EROFS':
      return new AppError('access-denied', `${capitalise(where)} is read-only: could not ${action}.`, { detail });
    case 'EBUSY':
    case 'ETXTBSY':
      return new AppError('io', `${capitalise(where)} is in use by another program: could not ${action}.`, {
        fix: 'Close the program using the file (an installer, an antivirus scan) and try again.',
        detail,
      });
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
    case 'EHOSTDOWN':
    case 'EBADF':
    case 'EIO':
      return new AppError('io', `${capitalise(where)} became unavailable: could not ${action}.`, {
        fix: 'Check the network connection to the server and that the share is still reachable, then run it again: the transfer resumes.',
        detail,
      });
    default:
      return new AppError('io', `Could not ${action} (${where}).`, { detail });
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
