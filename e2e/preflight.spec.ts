import { expectAccessible, showEveryRunbookItem } from './helpers';
import { expect, test, SCANNED } from './fixtures';
import { scannedDemoToUpgrade } from './transfer-steps';

/**
 * The pre-flight right before a server's Setup: the demo's EX03 has an execution policy set by
 * Group Policy, so its list answers first with the blocker, and the runbook puts the fix first.
 */
test('the Upgrade step shows the pre-flight before Setup, with the demo blocker on EX03', SCANNED, async ({ page, scannedWizard: wizard }) => {
  test.setTimeout(240_000);
  await scannedDemoToUpgrade(page, wizard.url, 'EX03');
  await showEveryRunbookItem(page);
  const preflight = page.getByRole('region', { name: 'Pre-flight of EX03' }).first();
  await expect(preflight).toContainText('Pre-flight: 1 blocker on EX03');
  await expect(preflight).toContainText('No execution policy from Group Policy: blocker');
  await expect(preflight).toContainText("Windows Installer's cached Exchange packages present: passed");
  await expect(page.getByRole('checkbox', { name: 'Fix before you start: Execution policy set by Group Policy' })).toBeVisible();
  await page.getByRole('tab', { name: 'EX01' }).click();
  await showEveryRunbookItem(page);
  await expect(page.getByRole('region', { name: 'Pre-flight of EX01' }).first()).toContainText(/Pre-flight: (1 blocker on EX01|every check passed on EX01)/);
  await expectAccessible(page, 'upgrade (pre-flight)');
});
