import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../src-shared/domain/errors';
import { findChromiumPath } from './browser/find-chromium';

/** Flags that keep headless Chromium from phoning home on a closed network. */
export const QUIET_CHROMIUM_FLAGS = ['--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions'];

/**
 * PDF rendering outside Electron: the same HTML printed by headless Chromium
 * (Debian's chromium, Chrome, or Microsoft Edge on a Windows jump box).
 */
export async function printHtmlWithChromium(html: string): Promise<Uint8Array> {
  const browser = findChromiumPath();
  if (!browser) {
    throw new AppError('not-found', 'No Chromium-based browser was found to print the PDF.', {
      fix: 'Install Chromium (Linux), or Microsoft Edge (Windows), or set EXWIZ_CHROMIUM to its path.',
    });
  }
  const work = await mkdtemp(path.join(tmpdir(), 'exwiz-pdf-'));
  try {
    const input = path.join(work, 'report.html');
    const output = path.join(work, 'report.pdf');
    await writeFile(input, html, 'utf8');
    const args = [
      ...QUIET_CHROMIUM_FLAGS,
      // Chromium refuses its sandbox as root (containers, CI).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `--user-data-dir=${path.join(work, 'profile')}`,
      '--no-pdf-header-footer',
      // Headings become PDF bookmarks: each server of a report is its own section in the outline.
      '--generate-pdf-document-outline',
      `--print-to-pdf=${output}`,
      pathToFileURL(input).toString(),
    ];
    await new Promise<void>((resolve, reject) => {
      execFile(browser, args, { timeout: 120_000, windowsHide: true }, err => (err ? reject(err) : resolve()));
    }).catch(err => {
      throw new AppError('io', 'The browser could not print the report to PDF.', { detail: String(err) });
    });
    const pdf = await readFile(output).catch(() => null);
    if (!pdf || pdf.length === 0) throw new AppError('io', 'The browser finished but wrote no PDF.');
    return new Uint8Array(pdf);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
