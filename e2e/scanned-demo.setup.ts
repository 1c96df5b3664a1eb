import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expectAccessible, next, screenshot, screenshotVariants, stepHeading } from './helpers';
import { expect, scannedDemoTemplate, startWizard, stopWizard, test } from './fixtures';

/**
 * The first half of the admin's journey through the demo organisation (Welcome, Discover, Health),
 * in Chromium through the loopback bridge, and the run's one scan of the demo through the UI
 * (Playwright project "demo-scan"). The session it leaves on the Health step is the run's scanned
 * demo: the tests tagged @scanned, the journey's second half among them (journey.spec.ts), start
 * from copies of it instead of scanning again; the other tests run beside this one.
 */
test('the demo organisation from Welcome to a scan of every server', async ({ page }) => {
  // Two screenshots per step, and a scan of seven servers on a machine busy with the other browser tests.
  test.setTimeout(420_000);
  const template = scannedDemoTemplate();
  const server = await startWizard();
  try {
    await page.goto(server.url);
    await welcomeDiscoverAndScan(page);
  } finally {
    await stopWizard(server, false);
  }
  // Copies live in other folders: nothing in the session may point back at this one.
  expect(readFileSync(`${server.home}/session.json`, 'utf8')).not.toContain(server.home);
  if (existsSync(template)) rmSync(template, { recursive: true, force: true });
  renameSync(server.home, template);
});

/** Welcome, Discover (with a typo and an unknown name refused) and Health (a full scan, the drawers), ending on Health. */
async function welcomeDiscoverAndScan(page: Page): Promise<void> {
  // Welcome
  await expect(stepHeading(page, 'Welcome')).toBeVisible();
  await expect(page.getByRole('radio', { name: /demo organisation/ })).toBeChecked();
  await expectAccessible(page, 'welcome');
  await screenshotVariants(page, '1-welcome');
  await next(page, 'Start', 'Discover');

  // Discover: the demo servers arrive by themselves.
  const servers = page.getByRole('table', { name: 'Discovered servers' });
  // The first discovery in a data folder generates the demo lab: allow for a loaded machine.
  await expect(servers.getByRole('row')).toHaveCount(8, { timeout: 90_000 });
  await expect(servers).toContainText('ex04.contoso.local');
  // Versions are named as people say them, not as AD stores them.
  await expect(servers).toContainText(/Exchange 2019 CU\d+/);
  // A typo is refused whole, next to the field, and nothing is added.
  const addField = page.getByLabel('Add servers by name');
  await addField.fill('bad name!');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText('"bad name!" is not a valid server name: A server name cannot contain spaces.')).toBeVisible();
  await expect(servers.getByRole('row')).toHaveCount(8);
  // A name DNS does not know is listed as not found, not added (so never counted critical).
  await addField.fill('nosuchserver.invalid');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Names not found in DNS' })).toContainText('No server called nosuchserver.invalid in DNS — check the spelling.');
  await expect(servers.getByRole('row')).toHaveCount(8);
  await expectAccessible(page, 'discover');
  await screenshotVariants(page, '2-discover');
  await next(page, 'Check these servers', 'Health');

  // Health: scan, see every server, drill into the unreachable one.
  await page.getByRole('button', { name: 'Scan 7 server(s)' }).click();
  const cards = page.getByRole('list', { name: 'Servers', exact: true }).getByRole('listitem');
  await expect(cards).toHaveCount(7, { timeout: 300_000 });
  await expect(page.getByText(/^Scanned 7 servers at \d\d:\d\d \(\d+ s\)$/)).toBeVisible();
  const strip = page.getByRole('list', { name: 'Servers by EEMS status' });
  await expect(strip).toContainText('Cut off');
  await expect(strip).toContainText('Unreachable');
  // Each card says why it is in trouble.
  await expect(page.getByRole('group', { name: 'EX04: critical' })).toContainText('Not reached:');
  await expect(page.getByRole('table', { name: 'Checks per server' }).getByRole('row')).toHaveCount(8);
  await page.getByRole('button', { name: 'Show findings for EX04', exact: true }).click();
  const ex04 = page.getByRole('region', { name: 'Findings for EX04' });
  await expect(ex04.getByRole('alert')).toContainText('did not answer over PowerShell remoting');
  await expect(ex04.getByRole('alert')).toContainText('What to do:');
  await expect(ex04.getByRole('button', { name: 'Try this server again' })).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Show findings for EX01', exact: true }).click();
  const ex01 = page.getByRole('region', { name: 'Findings for EX01' });
  await expect(ex01.getByRole('button', { name: /^\d+ checks passed$/ })).toBeVisible();
  await ex01
    .getByRole('button', { name: /Build is too old/ })
    .first()
    .click();
  await expect(ex01.getByText(/no build of this cumulative update passes/).first()).toBeVisible();
  await expectAccessible(page, 'health drawer');
  await screenshot(page, '3-health-drawer');
  await page.getByRole('button', { name: 'Close' }).click();
  // The drawer keeps the page aria-hidden until it has finished closing.
  await expect(ex01).toBeHidden();
  await expect(page.locator('#root')).not.toHaveAttribute('aria-hidden', 'true');
  await expectAccessible(page, 'health');
  await screenshotVariants(page, '3-health');
}
