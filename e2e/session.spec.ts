import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expectAccessible, expectScannedDemo, next, screenshot, stepHeading } from './helpers';
import { expect, startWizard, stopWizard, test, SCANNED } from './fixtures';

/** Sessions survive a restart of the app; long operations can be cancelled; the keyboard is enough. */
test('the session survives a restart of the wizard and can be started over', async ({ page }) => {
  test.setTimeout(180_000);
  const first = await startWizard();
  try {
    await page.goto(first.url);
    await next(page, 'Start', 'Discover');
    await expect(page.getByRole('table', { name: 'Discovered servers' }).getByRole('row')).toHaveCount(8, { timeout: 90_000 });
  } finally {
    await stopWizard(first, false);
  }
  // Same data folder, new process and port: as after closing the app or rebooting the jump box.
  const second = await startWizard({}, first.home);
  try {
    await page.goto(second.url);
    await expect(stepHeading(page, 'Discover')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Discovered servers' }).getByRole('row')).toHaveCount(8);
    // Start over sits in a menu and asks first, saying what the new session will not show.
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Start over…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Start over with a new session?' });
    await expect(dialog.getByRole('list', { name: 'What the new session will not show' })).toContainText('The list of 7 servers found');
    await expect(dialog).toContainText('this session is archived');
    await expectAccessible(page, 'start-over dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(stepHeading(page, 'Discover')).toBeVisible();
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Start over…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Start over', exact: true }).click();
    await expect(stepHeading(page, 'Welcome')).toBeVisible();
    await expect(page.getByRole('tab', { name: /Health/ })).toBeDisabled();
    // The old session was archived, not deleted.
    expect(readdirSync(path.join(second.home, 'archive')).filter(f => f.startsWith('session-'))).toHaveLength(1);
  } finally {
    await stopWizard(second);
  }
});

test('a running scan can be cancelled, and the cancellation shows where it happened', async ({ page, wizard }) => {
  test.setTimeout(180_000);
  await page.goto(wizard.url);
  await next(page, 'Start', 'Discover');
  await expect(page.getByRole('table', { name: 'Discovered servers' }).getByRole('row')).toHaveCount(8, { timeout: 90_000 });
  await next(page, 'Check these servers', 'Health');
  await page.getByRole('button', { name: 'Scan 7 server(s)' }).click();
  const progress = page.getByRole('region', { name: 'Scan progress' });
  // A table per server with status and time while the scan runs.
  await expect(progress.getByRole('table', { name: 'Progress per server' }).getByRole('row')).toHaveCount(8);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Stopped at your request' })).toBeVisible({ timeout: 30_000 });
  // Nothing half-done was kept: the scan can simply be run again.
  await expect(page.getByRole('button', { name: 'Scan 7 server(s)' })).toBeEnabled();
  await screenshot(page, 'health-cancelled');
});

test('the wizard can be driven with the keyboard alone', async ({ page, wizard }) => {
  await page.goto(wizard.url);
  await expect(stepHeading(page, 'Welcome')).toBeVisible();
  // Tab through the page until the Start button has the focus, then press Enter.
  const start = page.getByRole('button', { name: 'Start', exact: true });
  for (let i = 0; i < 30 && !(await start.evaluate(el => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(start).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(stepHeading(page, 'Discover')).toBeVisible();
  // The step rail is a tab list: arrow keys move between steps.
  await page.getByRole('tab', { name: /Discover/ }).focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(stepHeading(page, 'Welcome')).toBeVisible();
});

test('an unreachable server offers the offline collector', SCANNED, async ({ page, scannedWizard: wizard }) => {
  await page.goto(wizard.url);
  await expectScannedDemo(page);
  await page.getByRole('button', { name: 'Show findings for EX04', exact: true }).click();
  await page.getByRole('button', { name: 'Save the collector script' }).click();
  const saved = page.getByText(/^Saved as /);
  await expect(saved).toBeVisible();
  const scriptPath = ((await saved.textContent()) ?? '').replace(/^Saved as /, '');
  expect(scriptPath.endsWith('.ps1')).toBe(true);
  expect(existsSync(scriptPath)).toBe(true);
  // A wrong path is reported in place, with what to do.
  await page.getByLabel('ZIP file written by the collector (full path on this computer)').fill('/nonexistent/capture.zip');
  await page.getByRole('button', { name: 'Import and scan' }).click();
  await expect(page.getByRole('alert').first()).toContainText(/capture|zip|not/i);
  await expectAccessible(page, 'health with collector');
});

test('browser mode: a page that lost its engine says how to get back in', async ({ page }) => {
  const wizard = await startWizard();
  try {
    await page.goto(wizard.url);
    await expect(stepHeading(page, 'Welcome')).toBeVisible();
  } finally {
    await stopWizard(wizard);
  }
  const lost = page.getByRole('group', { name: 'This page has lost the wizard' });
  await expect(lost).toContainText('run npm start');
  await expect(lost).toContainText('Your work up to the last save is kept');
  await expectAccessible(page, 'engine lost');
});
