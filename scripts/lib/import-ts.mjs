// Imports a TypeScript module of the app from a plain Node script: bundles it
// with esbuild into a temporary ES module and imports that. Used by the
// generators that publish what the app's zod schemas define (catalog, report),
// so they validate with exactly the code the app runs.
import { build as esbuild } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @param {string} entry the .ts file
 * @param {{ define?: Record<string, string> }} [options] esbuild's define (e.g. __dirname, which an ES module lacks)
 */
export async function importTypeScript(entry, { define } = {}) {
  const work = mkdtempSync(path.join(tmpdir(), 'exwiz-import-ts-'));
  try {
    const outfile = path.join(work, `${path.basename(entry, '.ts')}.mjs`);
    await esbuild({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning', ...(define ? { define } : {}) });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
