import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { projectRoot, resourcesDirectory } from '../paths';
import type { ScriptRunner } from '../powershell/host';

/**
 * The built-in demo organisation: lab/demo/organisation.json turned into a
 * lab folder by lab/demo/New-DemoLab.ps1, in the data folder. Dates in the
 * demo are relative to the day it is generated, so it is generated once a
 * day (and again when its definition changes) and reused in between.
 */

/** The folder holding organisation.json and New-DemoLab.ps1 (packaged apps ship it beside the scripts). */
export function demoDefinitionDirectory(): string {
  const packaged = path.join(resourcesDirectory(), 'lab', 'demo');
  if (existsSync(path.join(packaged, 'organisation.json'))) return packaged;
  return path.join(projectRoot(), 'lab', 'demo');
}

const Generated = z.object({ directory: z.string(), servers: z.array(z.string()) });
const COMPLETE_MARKER = '.complete';

export interface DemoLabOptions {
  now?: Date;
  signal?: AbortSignal;
  /** "after": the same organisation after its upgrade (organisation-after.json), for before/after reports. */
  variant?: 'after';
}

const inFlight = new Map<string, Promise<string>>();

/** Generates (or reuses today's) demo lab and returns its folder. */
export function prepareDemoLab(runner: ScriptRunner, dataDirectory: string, options: DemoLabOptions = {}): Promise<string> {
  // Two scans starting together share one generation.
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  const id = `${path.resolve(dataDirectory)}|${day}|${options.variant ?? ''}`;
  const running = inFlight.get(id);
  if (running) return running;
  const work = generateDemoLab(runner, dataDirectory, options).finally(() => inFlight.delete(id));
  inFlight.set(id, work);
  return work;
}

async function generateDemoLab(runner: ScriptRunner, dataDirectory: string, options: DemoLabOptions): Promise<string> {
  const definition = demoDefinitionDirectory();
  const organisationFile = path.join(definition, options.variant ? `organisation-${options.variant}.json` : 'organisation.json');
  const generator = path.join(definition, 'New-DemoLab.ps1');
  let source: string;
  try {
    source = (await readFile(organisationFile, 'utf8')) + (await readFile(generator, 'utf8'));
  } catch (err) {
    throw new AppError('not-found', 'The demo organisation is missing from this installation.', {
      fix: 'Reinstall the wizard; lab/demo must be shipped with it.',
      detail: err instanceof Error ? err.message : String(err),
    });
  }
  const now = options.now ?? new Date();
  const key = `${now.toISOString().slice(0, 10)}-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`;
  const root = path.join(dataDirectory, options.variant ? `demo-lab-${options.variant}` : 'demo-lab');
  const target = path.join(root, key);
  if (existsSync(path.join(target, COMPLETE_MARKER))) return target;

  await mkdir(root, { recursive: true });
  const staging = path.join(root, `${key}.partial-${process.pid}-${Date.now()}`);
  try {
    await runner.run(
      generator,
      { OrganisationFile: organisationFile, OutputDirectory: staging, Now: now.toISOString() },
      {
        schema: Generated,
        timeoutMs: 120_000,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    await writeFile(path.join(staging, COMPLETE_MARKER), now.toISOString(), 'utf8');
    if (existsSync(target)) await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  // Yesterday's demo is of no use any more.
  for (const entry of await readdir(root)) {
    if (entry !== key && !entry.includes('.partial-')) await rm(path.join(root, entry), { recursive: true, force: true }).catch(() => undefined);
  }
  return target;
}
