import path from 'node:path';

/** The environment variable naming the run's shared folder (set by e2e/global-setup.ts). */
export const RUN_FOLDER_VARIABLE = 'EXWIZ_E2E_RUN_FOLDER';

/** The run's shared folder. */
export function runFolder(): string {
  const run = process.env[RUN_FOLDER_VARIABLE];
  if (!run) throw new Error(`${RUN_FOLDER_VARIABLE} is not set: run the browser tests through playwright.config.ts.`);
  return run;
}

/** A data folder holding only today's generated demo lab (`demo-lab/`), for new data folders to copy. */
export function labTemplateHome(): string {
  return path.join(runFolder(), 'lab');
}
