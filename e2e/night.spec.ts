import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expectAccessible, next, screenshot } from './helpers';
import { expect, test, SCANNED } from './fixtures';
import { scannedDemoToUpgrade } from './transfer-steps';

/** The item the Upgrade step shows as "now", and its title. */
function nowItem(page: Page): Locator {
  return page.getByRole('list', { name: 'Now' }).getByRole('listitem').first();
}

/**
 * Does the item shown as "now" the way an admin would on the night: runs the wizard's check where
 * the item has one (the demo plays what the admin ran), ticks it by hand otherwise; until the item
 * to do now is titled `stop`.
 */
async function workUntil(page: Page, stop: RegExp): Promise<void> {
  for (let guard = 0; guard < 20; guard++) {
    const text = (await nowItem(page).getAttribute('aria-label')) ?? '';
    if (stop.test(text)) return;
    // The item read, wherever it moves: "now" may change between reading it and clicking.
    const item = page.getByRole('list', { name: 'Now' }).getByRole('listitem', { name: text, exact: true });
    const check = item.getByRole('button', { name: /^Check EX03 (now|again)$/ });
    if (await check.count()) {
      await check.click();
      // Ticked by the check, or a status that says what it read instead (then the admin judges).
      const answered = item.getByRole('status').filter({ hasText: /^(Not done yet|Could not tell): / });
      await expect.poll(async () => (await item.count()) === 0 || (await answered.count()) > 0, { timeout: 90_000 }).toBe(true);
      if (await answered.count()) await item.getByRole('checkbox').first().click();
      await expect(item).toHaveCount(0, { timeout: 60_000 });
    } else {
      // click, not check: once ticked the item leaves "now", and check() would see the next one unticked.
      await item.getByRole('checkbox').first().click();
      // Gone from "now" (a title can contain the previous one: "Reboot after: <Setup>").
      await expect(item).toHaveCount(0, { timeout: 60_000 });
    }
  }
  throw new Error(`never reached an item titled ${stop}`);
}

/**
 * The demo plays the upgrade night on EX03 (Exchange 2019 CU14 to Exchange SE): the pre-flight
 * blocker first, the wizard's own checks ticking items with their evidence, a Setup that fails the
 * way a real one does, diagnosed from the server's ExchangeSetup.log, the same Setup run again, the
 * new build proven, and the report's audit trail telling proven ticks from the admin's.
 */
test('the demo night on EX03: pre-flight, proven ticks, a failed Setup diagnosed, the build reached', SCANNED, async ({ page, scannedWizard: wizard }) => {
  test.setTimeout(480_000);
  await scannedDemoToUpgrade(page, wizard.url, 'EX03');

  // Pre-flight: the blocker is the first thing to do; Setup waits for it.
  await expect(page.getByRole('region', { name: 'Fix before you start' })).toContainText('Execution policy set by Group Policy');
  await expect(nowItem(page)).toContainText('Fix before you start');
  // Fixes the wizard cannot read (TLS as Extended Protection needs it) are ticked by hand.
  await workUntil(page, /^Fix before you start: Execution policy set by Group Policy$/);
  await expectAccessible(page, 'upgrade (night: pre-flight)');
  await screenshot(page, 'night-1-preflight', { fullPage: false });
  // The admin fixes the GPO; the wizard checks it and ticks it with what it read.
  await nowItem(page).getByRole('button', { name: 'Check EX03 now' }).click();
  await expect(nowItem(page)).not.toContainText('Execution policy set by Group Policy', { timeout: 90_000 });
  await page.getByRole('button', { name: /^Done \(\d+\)$/ }).click();
  await expect(page.getByRole('list', { name: 'Done' })).toContainText('checked by the wizard: No execution policy from Group Policy: passed');

  // Up to Setup: backup, restart (proven), maintenance, antivirus, the file's hash.
  await workUntil(page, /^Upgrade in place to Exchange SE$/);
  await expect(page.getByRole('region', { name: 'Pre-flight of EX03' }).first()).toContainText('Pre-flight: ');
  await expect(page.getByRole('region', { name: 'Pre-flight of EX03' }).first()).toContainText('fixed; checked by the wizard');
  // The admin runs Setup (the demo's first run fails) and ticks it; the restart after it is proven.
  await nowItem(page).getByRole('checkbox').first().click();
  await workUntil(page, /^Check the build after: Upgrade in place to Exchange SE$/);
  await nowItem(page).getByRole('button', { name: 'Check EX03 now' }).click();
  await expect(
    nowItem(page)
      .getByRole('status')
      .filter({ hasText: /^Not done yet: ExSetup\.exe reports 15\.2\.1544\.33, not yet 15\.2\.2562\./ }),
  ).toBeVisible({ timeout: 90_000 });

  // Why: the server's own ExchangeSetup.log, under the failed check.
  const log = page.getByRole('region', { name: 'Setup log of EX03' }).first();
  await log.getByRole('button', { name: 'Read the log from EX03' }).click();
  await expect(log.getByRole('status').filter({ hasText: 'Setup failed' })).toContainText('Setup could not start MSExchangeTransport');
  await expect(log).toContainText("Set-Service -Name 'MSExchangeTransport' -StartupType Automatic");
  await expectAccessible(page, 'upgrade (night: failed Setup)');
  await screenshot(page, 'night-2-failed-setup', { fullPage: false });

  // The admin sets the services back and runs the same Setup again: untick it (it did not finish), tick it again.
  await page.getByRole('switch', { name: 'Show every item' }).check();
  const setup = page.getByRole('checkbox', { name: 'Upgrade in place to Exchange SE', exact: true });
  await setup.uncheck();
  await setup.check();
  await page.getByRole('switch', { name: 'Show every item' }).uncheck();
  await workUntil(page, /^Check the build after: Upgrade in place to Exchange SE$/);
  await nowItem(page)
    .getByRole('button', { name: /^Check EX03 (now|again)$/ })
    .click();
  await expect(nowItem(page)).not.toContainText('Check the build after: Upgrade in place to Exchange SE', { timeout: 90_000 });
  await expect(
    page
      .getByRole('list', { name: 'Done' })
      .or(page.getByRole('button', { name: /^Done \(\d+\)$/ }))
      .first(),
  ).toBeVisible();
  await screenshot(page, 'night-3-build-reached', { fullPage: false });

  // The report: proven ticks and the admin's own are told apart in the audit trail and the checklist.
  await next(page, 'Make the report', 'Report');
  await page.getByRole('button', { name: /^Export JSON/ }).click();
  const exported = page.getByRole('table', { name: 'Exported reports' });
  await expect(exported.getByRole('row')).toHaveCount(2);
  const jsonPath = (await exported.getByRole('row').nth(1).getByRole('cell').allTextContents())[1] ?? '';
  const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    audit: { action: string; detail: string; outcome: string }[];
    servers: { name: string; checklist: { item: string; done: boolean; proof?: { evidence: string } | null }[] }[];
  };
  expect(report.audit.filter(a => a.action === 'auto-check' && a.outcome === 'ok').length).toBeGreaterThanOrEqual(3);
  expect(report.audit.some(a => a.action === 'auto-check' && a.outcome === 'failed' && a.detail.includes('15.2.1544.33'))).toBe(true);
  expect(report.audit.some(a => a.action === 'tick' && a.detail.includes('by hand'))).toBe(true);
  const ex03 = report.servers.find(s => s.name === 'EX03');
  expect(ex03?.checklist.find(c => c.item === 'reboot-before')?.proof?.evidence).toMatch(/No restart pending/);
  expect(ex03?.checklist.find(c => c.item === 'backup')).toMatchObject({ done: true, proof: null });
});
