import { statfs } from 'node:fs/promises';
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from './json-files';

/**
 * NAME.partial.json beside a download's NAME.partial: what the partial bytes
 * are (URL and validators) and how many of them were flushed to disk.
 */
export const DownloadState = z.object({
  kind: z.literal('download'),
  version: z.literal(1),
  url: z.string(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  totalBytes: z.number().int().nonnegative().nullable(),
  committedBytes: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type DownloadState = z.infer<typeof DownloadState>;

/** NAME.partial.json beside a copy's NAME.partial (staging). */
export const CopyState = z.object({
  kind: z.literal('copy'),
  version: z.literal(1),
  sourceSha256: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  committedBytes: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type CopyState = z.infer<typeof CopyState>;

/** The saved state, or null when missing or unreadable (then the partial is not trusted). */
export async function loadState<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
  const read = await readJsonFile(file, schema).catch(() => null);
  return read && read !== 'invalid' ? read.value : null;
}

export async function saveState(file: string, state: DownloadState | CopyState): Promise<void> {
  await writeJsonAtomic(file, { ...state, updatedAt: new Date().toISOString() });
}

/** Free bytes for this user on the volume holding `directory`; null when the system cannot tell. */
export type FreeSpaceProbe = (directory: string) => Promise<number | null>;

export const freeSpace: FreeSpaceProbe = async directory => {
  try {
    const info = await statfs(directory);
    return Number(info.bavail) * Number(info.bsize);
  } catch {
    return null;
  }
};
