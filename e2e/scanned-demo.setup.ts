import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { scanDemo } from './helpers';
import { expect, scannedDemoTemplate, startWizard, stopWizard, test } from './fixtures';

/**
 * The run's scanned demo organisation (Playwright project "demo-scan"): discovered and scanned
 * through the UI once, left on the Health step. The tests tagged @scanned run after it (project
 * "browser-scanned") on copies of its session instead of scanning again; the other tests run
 * beside it.
 */
test('the demo organisation, discovered and scanned through the UI', async ({ page }) => {
  // A full scan of seven servers on a machine busy with the other browser tests.
  test.setTimeout(420_000);
  const template = scannedDemoTemplate();
  const server = await startWizard();
  try {
    await page.goto(server.url);
    await scanDemo(page);
  } finally {
    await stopWizard(server, false);
  }
  // Copies live in other folders: nothing in the session may point back at this one.
  expect(readFileSync(`${server.home}/session.json`, 'utf8')).not.toContain(server.home);
  if (existsSync(template)) rmSync(template, { recursive: true, force: true });
  renameSync(server.home, template);
});
