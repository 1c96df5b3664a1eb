import path from 'node:path';
import { ARTIFACTS, expectAccessible, next, screenshot, showEveryRunbookItem } from './helpers';
import { expect, test, SCANNED } from './fixtures';
import { scannedDemoToPlan } from './transfer-steps';

/**
 * The demo's EX03 (Exchange 2019 CU14, Extended Protection off everywhere, TLS not as it needs it)
 * goes to Exchange SE, whose Setup turns Extended Protection on. On Plan the admin keeps it off
 * with the keyboard: the plan is made again, the Setup command gains /DoNotEnableEP, the TLS fix
 * no longer holds the Setup, and the Upgrade step's runbook shows the same.
 */
test('keeping Extended Protection off for EX03 puts /DoNotEnableEP into its Setup command', SCANNED, async ({ page, scannedWizard: wizard }) => {
  test.setTimeout(240_000);
  await scannedDemoToPlan(page, wizard.url);

  const choice = page.getByRole('radiogroup', { name: 'Extended Protection after Setup on EX03' });
  const command = page.getByText(/runs Setup as:/).filter({ hasText: 'Upgrade in place to Exchange SE' });
  await expect(choice.getByRole('radio', { name: /^Turn on \(Microsoft's default\)/ })).toBeChecked();
  await expect(command).toContainText('Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /Mode:Upgrade');
  await expect(command).not.toContainText('/DoNotEnableEP');
  await expect(page.getByRole('region', { name: 'Fix before you start' })).toContainText('EX03: TLS as Extended Protection needs it');

  // Keyboard only: onto the chosen option, one arrow down is "Keep off".
  await choice.getByRole('radio', { name: /^Turn on/ }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(choice.getByRole('radio', { name: /^Keep off \(\/DoNotEnableEP\)/ })).toBeChecked();
  await expect(command).toContainText('/Mode:Upgrade /DoNotEnableEP');
  await expect(command).not.toContainText('/DoNotEnableEP_FEEWS');
  // Kept off, TLS no longer holds the Setup.
  await expect(page.getByText('EX03: TLS as Extended Protection needs it')).toHaveCount(0);
  await choice.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'ep-choice-plan-1366x768.png') });
  await expectAccessible(page, 'plan (Extended Protection choice)');

  await next(page, 'Get the files', 'Download');
  await next(page, 'Copy them to the servers', 'Stage');
  await next(page, 'Start the upgrade', 'Upgrade');
  await page.getByRole('tab', { name: 'EX03' }).click();
  await showEveryRunbookItem(page);
  const setup = page.getByRole('listitem', { name: 'Upgrade in place to Exchange SE', exact: true });
  await expect(setup).toContainText('/Mode:Upgrade /DoNotEnableEP');
  await expect(page.getByRole('checkbox', { name: 'Fix before you start: TLS as Extended Protection needs it' })).toHaveCount(0);
  // The Extended Protection item carries the same choice, saved with the session.
  const item = page.getByRole('listitem', { name: 'Check what Extended Protection needs before Setup turns it on' });
  await expect(item.getByRole('radio', { name: /^Keep off \(\/DoNotEnableEP\)/ })).toBeChecked();
  await item.getByRole('radiogroup').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'ep-choice-upgrade-1366x768.png') });
  await expectAccessible(page, 'upgrade (Extended Protection choice)');
  await screenshot(page, 'ep-choice-upgrade-top', { fullPage: false });
});
