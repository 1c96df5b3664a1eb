import { defineConfig } from '@playwright/test';
import { findChromiumPath } from './electron/engine/browser/find-chromium';

/**
 * Browser tests drive the real renderer build through the loopback bridge in
 * the browser the one finder picks (EXWIZ_CHROMIUM, an installed
 * Chromium/Chrome/Edge, Playwright's cache); `npm test` installs one first
 * where there is none.
 */
export const CHROMIUM_PATH = findChromiumPath() ?? undefined;

export default defineConfig({
  testDir: 'e2e',
  // Today's demo lab, generated once for the whole run (each test's data folder starts with a copy).
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // Two browsers at once: most of a test is waiting (on PowerShell, the engine, the page), so
  // two keep a 2-core machine busy where one left it half idle.
  fullyParallel: false,
  workers: 2,
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    // A failed test keeps its trace (actions and DOM snapshots) but no screencast: recording
    // frames kept headless Chromium's GPU process busy for the whole run (40 % of its CPU).
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true },
  },
  // The demo is scanned through the UI once ("demo-scan"); the tests tagged @scanned start from
  // copies of that session and run after it, the others beside it from the start.
  projects: [
    { name: 'demo-scan', testMatch: /scanned-demo\.setup\.ts/ },
    { name: 'browser', testIgnore: /electron\.spec\.ts/, grepInvert: /@scanned/ },
    { name: 'browser-scanned', testIgnore: /electron\.spec\.ts/, grep: /@scanned/, dependencies: ['demo-scan'] },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
});
