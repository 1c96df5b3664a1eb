import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { processAlive } from '../engine/data-folder';

/**
 * Browser mode's record of its own page: `exwiz serve` writes the address (with its per-launch
 * token) into the data folder while it runs, so a second `npm start` opens that page, on the
 * session and step the admin was on, instead of a second, read-only wizard. The file is the
 * owner's only (mode 0600; on Windows the data folder is in the user's own profile), like the
 * session it leads to, and is removed when the wizard stops.
 */
const RunningPage = z.object({ url: z.string().regex(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+$/), pid: z.number().int().positive() });

/** Where the running page is recorded in a data folder. */
export function runningPageFile(dataDirectory: string): string {
  return path.join(dataDirectory, 'browser-page.json');
}

/** Records the page of this process; returns the function that removes the record again. */
export function recordRunningPage(file: string, url: string): () => void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ url, pid: process.pid }), { mode: 0o600 });
  return () => {
    try {
      if (RunningPage.parse(JSON.parse(readFileSync(file, 'utf8'))).pid === process.pid) rmSync(file, { force: true });
    } catch {
      // Already gone or replaced: nothing of ours to remove.
    }
  };
}

/**
 * The address of a wizard page still served from this data folder, or null: the record must name
 * a live process other than this one, and its page must answer (a pid can be reused after a crash).
 */
export async function findRunningPage(file: string, answers: (url: string) => Promise<boolean> = pageAnswers): Promise<string | null> {
  let record: z.infer<typeof RunningPage>;
  try {
    record = RunningPage.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
  if (record.pid === process.pid || !processAlive(record.pid)) return null;
  return (await answers(record.url)) ? record.url : null;
}

async function pageAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
