import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expectAccessible, next, screenshot } from './helpers';
import { expect, test, SCANNED } from './fixtures';
import { DEMO_FILE_COUNT, closeDetails, copyAllDemoFiles, downloadAllDemoFiles, scannedDemoToDownload } from './transfer-steps';
import type { Page } from '@playwright/test';

/** Screenshots at 1366×768 in both themes (what the admin's screen shows), back to light. */
async function smallScreenShots(page: Page, name: string): Promise<void> {
  const dark = page.getByRole('button', { name: 'Dark theme' });
  await page.setViewportSize({ width: 1366, height: 768 });
  for (const theme of ['light', 'dark'] as const) {
    if ((await dark.getAttribute('aria-pressed')) !== String(theme === 'dark')) await dark.click();
    await expectAccessible(page, `${name} (${theme})`);
    await screenshot(page, `${name}-1366x768-${theme}`, { fullPage: false });
  }
  await dark.click();
}

/**
 * Download and Stage as tables: every file the plan needs in one table with "Download all" (from
 * the demo's local update server), and the servers × files matrix with "Copy all" into the demo's
 * stand-in for each server's C$ share (a temporary folder); a folder of the admin's own choosing
 * is checked at its field.
 */
test('Download all and Copy all on the demo organisation', SCANNED, async ({ page, scannedWizard: wizard }) => {
  test.setTimeout(600_000);
  await page.goto(wizard.url);
  await scannedDemoToDownload(page);

  // The table: one row per file, the servers that need it, and one primary action.
  const files = page.getByRole('table', { name: 'Files the plan needs' });
  await expect(files.getByRole('row')).toHaveCount(DEMO_FILE_COUNT + 1);
  await expect(files.getByRole('row', { name: /ExchangeServer2019-x64-CU15|CU15/ }).first()).toContainText('EX01');
  await expect(files.getByText('Not downloaded yet')).toHaveCount(DEMO_FILE_COUNT);
  // Before the work is done, "Download all" is the one primary button; Next is not.
  const background = (name: string | RegExp) => page.getByRole('button', { name }).evaluate(el => getComputedStyle(el).backgroundColor);
  expect(await background('Copy them to the servers')).not.toBe(await background(/^Download all/));
  // Importing is behind its disclosure; this browser window has no file dialog, and says so.
  await page.getByRole('button', { name: 'I already have this file' }).click();
  await expect(page.getByText(/This browser window cannot open a file dialog: put the file into .* and type its full path\./)).toBeVisible();
  await page.getByRole('button', { name: 'I already have this file' }).click();
  await smallScreenShots(page, 'download-before');

  await downloadAllDemoFiles(page);
  await expect(page.getByRole('button', { name: /^Download all/ })).toHaveCount(0);
  // Each row says how it was checked, on request.
  await files.getByRole('button', { name: 'Checks' }).first().click();
  await expect(page.getByRole('table').filter({ hasText: 'SHA-256' }).last()).toContainText('matches');
  await closeDetails(page);
  await smallScreenShots(page, 'download-done');
  await next(page, 'Copy them to the servers', 'Stage');

  // The matrix: servers as rows, files as columns, a status word and icon per cell.
  const matrix = page.getByRole('table', { name: 'Copies per server' });
  await expect(matrix.getByRole('row')).toHaveCount(6);
  const ex02 = matrix.getByRole('row', { name: /^EX02/ });
  await expect(ex02).toContainText('Not copied');
  await expect(ex02).toContainText('Not needed');
  await smallScreenShots(page, 'stage-before');

  // A folder of the admin's choice is checked at its field, with a specific message.
  await ex02.getByRole('button', { name: 'Copies for EX02' }).click();
  await page.getByRole('menuitem', { name: "Copy EX02's files to a folder I choose…" }).click();
  const dialog = page.getByRole('dialog', { name: "Copy EX02's files to a folder" });
  const folder = dialog.getByLabel('Destination folder');
  await folder.fill('\\\\ex02\\c$\\ExchangeUpdates');
  await dialog.getByRole('button', { name: /^Copy \d files?$/ }).click();
  await expect(dialog.getByText(/A network path \(\\\\server\\share\) cannot be given here/)).toBeVisible();
  // A folder outside the data folder, not chosen in a dialog: the engine refuses it, said at the field.
  await folder.fill(path.join(path.dirname(wizard.home), 'not-the-data-folder'));
  await dialog.getByRole('button', { name: /^Copy \d files?$/ }).click();
  await expect(dialog.getByText(/is not one you chose in a file dialog/)).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'stage folder dialog');
  // Inside the data folder it is used: the copies land there and are checked, but are not "on the server".
  const usb = path.join(wizard.home, 'usb-disk');
  await folder.fill(usb);
  await dialog.getByRole('button', { name: /^Copy \d files?$/ }).click();
  await expect(page.getByText(/EX02's files were copied to .* They are not on EX02 yet/)).toBeVisible({ timeout: 60_000 });
  expect(readdirSync(usb).filter(f => !f.endsWith('.manifest.json')).length).toBeGreaterThan(0);
  await expect(ex02).toContainText('Not copied');

  // "Copy all": every copy, each checked again at the destination.
  await copyAllDemoFiles(page);
  await expect(matrix.getByText('Not copied')).toHaveCount(0);
  const servers = path.join(wizard.home, 'demo-servers');
  for (const server of ['ex01.contoso.local', 'ex02.contoso.local', 'ex03.contoso.local', 'ex04.contoso.local', 'edge01.fabrikam.example']) {
    const staged = path.join(servers, server, 'C$', 'ExchangeUpdates');
    expect(existsSync(staged), `${staged} exists`).toBe(true);
  }
  // Once everything is copied, Next is the primary action.
  await expect(page.getByRole('button', { name: /^Copy all/ })).toHaveCount(0);
  await smallScreenShots(page, 'stage-done');
});
