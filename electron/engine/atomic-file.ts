import { mkdir, open, rm } from 'node:fs/promises';
import { renameRetried } from './fs-retry';
import path from 'node:path';

let tempCounter = 0;

/**
 * Writes a file through a temporary file that is flushed to disk and renamed
 * over the target: a reader (or the next start after a power cut) sees the old
 * content or the new, never half of it. The folder is created when missing.
 * Returns the number of bytes written.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<number> {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const temp = `${file}.${process.pid}-${++tempCounter}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameRetried(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  return data.byteLength;
}

/** writeFileAtomic of a JSON document, indented, with a final new line. */
export function writeJsonAtomic(file: string, value: unknown): Promise<number> {
  return writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
