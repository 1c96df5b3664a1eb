import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';

/** Suffixes of the files the transfer services keep beside a file. */
export const PARTIAL_SUFFIX = '.partial';
export const STATE_SUFFIX = '.partial.json';
export const MANIFEST_SUFFIX = '.manifest.json';

const MAX_NAME_LENGTH = 200;
// Windows device names are reserved with any extension ("NUL.txt" is NUL) and with spaces before
// it ("NUL .txt"): CONIN$, CONOUT$, and COM0–COM9 and LPT0–LPT9 (Windows 11 also treats 0 and ¹²³ so).
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** C1 controls, and bidi and invisible formatting characters: a name that displays as something it is not ("exe.txt" shown for "txt.exe"). */
// eslint-disable-next-line no-misleading-character-class -- combining joiners and variation selectors are listed one by one on purpose
const INVISIBLE = /[\u0080-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]/u;

/**
 * Refuses a file name that could escape its folder, that Windows cannot store,
 * or that collides with our own bookkeeping files. Returns the name unchanged.
 */
export function checkFileName(name: string, where: string): string {
  const problem = fileNameProblem(name);
  if (problem) {
    throw new AppError('invalid-input', `${where} gives the file name "${printable(name.slice(0, 80))}", which cannot be used: ${problem}.`, {
      fix: 'Give the direct address of the update file (ending in its file name, such as ...-x64-en.exe).',
    });
  }
  return name;
}

/** Whether a name holds control, C1, bidi or zero-width characters (it would display as something it is not). */
export function hasHiddenCharacters(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return /[\u0000-\u001f\u007f]/.test(name) || INVISIBLE.test(name);
}

function fileNameProblem(name: string): string | null {
  if (name === '' || name === '.' || name === '..') return 'it is empty';
  if (name.length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  // Path separators, Windows-forbidden characters and control characters.
  // eslint-disable-next-line no-control-regex
  if (/[/\\:*?"<>|\u0000-\u001f\u007f]/.test(name)) return 'it contains a character a file name cannot have';
  if (INVISIBLE.test(name)) return 'it contains invisible or right-to-left formatting characters';
  if (/[. ]$/.test(name)) return 'it ends with a dot or a space';
  if (RESERVED.test((name.split('.')[0] ?? '').trimEnd())) return 'it is a reserved device name on Windows';
  const lower = name.toLowerCase();
  if ([PARTIAL_SUFFIX, STATE_SUFFIX, MANIFEST_SUFFIX].some(s => lower.endsWith(s))) return "it ends like one of the wizard's own bookkeeping files";
  return null;
}

/** A name as it can be shown in a message: controls and formatting characters as \u escapes, so the message cannot be reordered or hidden. */
function printable(name: string): string {
  /* eslint-disable no-control-regex, no-misleading-character-class -- escaping these characters is the point */
  return name
    .replace(/[\u0000-\u001f\u007f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(new RegExp(INVISIBLE.source, 'gu'), c => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  /* eslint-enable no-control-regex, no-misleading-character-class */
}

/** The file name a download URL ends with (percent-decoded, checked). */
export function fileNameFromUrl(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    decoded = '';
  }
  return checkFileName(decoded, 'The address');
}

/** The final file and the bookkeeping files beside it. */
export interface TransferPaths {
  final: string;
  partial: string;
  state: string;
  manifest: string;
}

export function transferPaths(directory: string, fileName: string): TransferPaths {
  const final = path.join(directory, fileName);
  return { final, partial: final + PARTIAL_SUFFIX, state: final + STATE_SUFFIX, manifest: final + MANIFEST_SUFFIX };
}

/** Extensions that carry an Authenticode signature Windows can check. */
const SIGNED_EXTENSIONS = ['.exe', '.msp', '.msi'];

export function carriesAuthenticode(fileName: string): boolean {
  return SIGNED_EXTENSIONS.includes(path.extname(fileName).toLowerCase());
}
