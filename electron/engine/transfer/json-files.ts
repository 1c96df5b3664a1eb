import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { FileManifest } from '../../../src-shared/domain/transfer';
import { errnoCode } from './fs-errors';

export { writeJsonAtomic } from '../atomic-file';

/**
 * Reads a JSON document validated by `schema`: null when the file is missing;
 * `invalid` when it exists but cannot be read as that shape.
 */
export async function readJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<{ value: T } | null | 'invalid'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return null;
    throw err;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? { value: parsed.data } : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** The manifest beside a verified file, or null/'invalid'. */
export function readManifest(file: string): Promise<{ value: FileManifest } | null | 'invalid'> {
  return readJsonFile(file, FileManifest);
}
