import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expectAccessible, next, screenshot, screenshotVariants, stepHeading } from './helpers';
import { closeDetails, copyAllDemoFiles, downloadAllDemoFiles, scannedDemoToDownload } from './transfer-steps';
import { copySession, expect, startWizard, stopWizard, test, SCANNED } from './fixtures';

/**
 * The whole journey of a small-business admin through the demo organisation,
 * in Chromium through the loopback bridge: every step, the unreachable server,
 * a saved checklist surviving a reload, and an exported report on disk.
 */
test('the demo organisation from Welcome to an exported report', async ({ page, wizard }) => {
  // Four screenshots per step, and a scan that takes minutes on a loaded machine.
  test.setTimeout(900_000);
  await page.goto(wizard.url);

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
  await ex01.getByRole('button', { name: /Build is too old/ }).first().click();
  await expect(ex01.getByText(/no build of this CU line passes/).first()).toBeVisible();
  await expectAccessible(page, 'health drawer');
  await screenshot(page, '3-health-drawer');
  await page.getByRole('button', { name: 'Close' }).click();
  // The drawer keeps the page aria-hidden until it has finished closing.
  await expect(ex01).toBeHidden();
  await expect(page.locator('#root')).not.toHaveAttribute('aria-hidden', 'true');
  await expectAccessible(page, 'health');
  await screenshotVariants(page, '3-health');
  await next(page, 'Explain the results', 'Explain');

  // Explain: the organisation's answer comes first, then the picture, then the servers by status.
  const answer = page.getByRole('heading', { level: 2 }).first();
  await expect(answer).toHaveText(/^Yes — \d of your 7 servers (is|are) cut off$/);
  await expect(page.getByRole('list', { name: 'Cut-offs that hit your servers' })).toContainText('Cut off since January 2025: builds older than March 2023');
  await expect(page.getByText(/^Only updating fixes it: /)).toBeVisible();
  const timeline = page.getByRole('img', { name: /^Build release dates of \d+ servers against 2 certificate cut-offs\./ });
  await expect(timeline).toBeVisible();
  await expect(timeline).toHaveAttribute('aria-label', /EX01/);
  await expect(page.getByText(/Why updating fixes it:/).first()).toBeVisible();
  // The evidence is there, behind a button.
  await page.getByRole('button', { name: 'Show evidence for EX01' }).click();
  await expect(page.getByRole('table', { name: 'Evidence for EX01' })).toBeVisible();
  await expectAccessible(page, 'explain');
  await screenshotVariants(page, '4-explain');
  await next(page, 'See the plan', 'Plan');

  // Plan: AD preparation once, the order, targets.
  await expect(page.getByRole('heading', { name: 'Active Directory preparation' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Order of servers' }).getByRole('listitem')).toHaveCount(7);
  await expect(page.getByText(/Target: Exchange SE RTM Nov26SU/).first()).toBeVisible();
  await expectAccessible(page, 'plan');
  await screenshotVariants(page, '5-plan');
  await next(page, 'Get the files', 'Download');

  // Download: one table of the files; "Download all" fetches them from the demo's local update server.
  await downloadAllDemoFiles(page);
  await page.getByRole('button', { name: 'Checks' }).first().click();
  await expect(page.getByText(/Verified by its published SHA-256/).first()).toBeVisible();
  await closeDetails(page);
  await expectAccessible(page, 'download');
  await screenshotVariants(page, '6-download');
  await next(page, 'Copy them to the servers', 'Stage');

  // Stage: "Copy all" copies every file onto its servers; each copy is checked again there.
  await copyAllDemoFiles(page);
  await page.getByRole('row', { name: /^EX01/ }).getByRole('button', { name: 'Copies for EX01' }).click();
  await page.getByRole('menuitem', { name: 'Show the copies on EX01' }).click();
  await expect(page.getByText(/Re-checked at the destination/).first()).toBeVisible();
  await closeDetails(page);
  await expectAccessible(page, 'stage');
  await screenshotVariants(page, '7-stage');
  await next(page, 'Start the upgrade', 'Upgrade');

  // Upgrade: tick an item, reload, the tick is still there; re-scan says the build is not there yet.
  const backup = page.getByRole('checkbox', { name: 'Confirm a tested backup' });
  await backup.check();
  await expect(backup).toBeChecked();
  await expect(page.getByRole('button', { name: /^Copy: Put the server into maintenance mode/ }).first()).toBeVisible();
  await page.reload();
  await expect(stepHeading(page, 'Upgrade')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Confirm a tested backup' })).toBeChecked();
  await page.getByRole('button', { name: /^Re-scan .* now$/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /not yet/ })).toBeVisible({ timeout: 60_000 });
  // The staged file is shown where the admin finds it on the server.
  await expect(page.getByText(/Mount-DiskImage -ImagePath 'C:\\ExchangeUpdates\\[^']*DEMO-/).first()).toBeVisible();
  await expectAccessible(page, 'upgrade');
  await screenshotVariants(page, '8-upgrade');
  await next(page, 'Make the report', 'Report');

  // Report: export HTML and JSON; re-open the JSON read-only.
  await page.getByRole('button', { name: /^Export HTML/ }).click();
  const exported = page.getByRole('table', { name: 'Exported reports' });
  await expect(exported).toContainText('HTML');
  await page.getByRole('button', { name: /^Export JSON/ }).click();
  await expect(exported.getByRole('row')).toHaveCount(3);
  const cells = await exported.getByRole('row').nth(1).getByRole('cell').allTextContents();
  const jsonPath = cells[1] ?? '';
  expect(jsonPath.endsWith('.json')).toBe(true);
  expect(existsSync(jsonPath)).toBe(true);
  const htmlPath = (await exported.getByRole('row').nth(2).getByRole('cell').allTextContents())[1] ?? '';
  expect(readFileSync(htmlPath, 'utf8')).toContain('EX01');
  await page.getByLabel('Path of a JSON report exported by this wizard').fill(jsonPath);
  await page.getByRole('button', { name: 'Open read-only' }).click();
  await expect(page.getByRole('region', { name: 'Saved report (read-only)' })).toContainText('EX01');
  await expectAccessible(page, 'report');
  await screenshotVariants(page, '9-report');

  // The same step in the dark theme.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expectAccessible(page, 'report (dark)');

  // Start over asks first, offers the report, and can be called off.
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Start over…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Start over with a new session?' });
  await expect(dialog).toContainText(/The health scan of 7 servers/);
  await expect(dialog.getByRole('button', { name: 'Export the report first' })).toBeVisible();
  await screenshot(page, '10-start-over-dialog', { fullPage: false });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(stepHeading(page, 'Report')).toBeVisible();
});

test('a download that drops midway resumes and is still verified', SCANNED, async ({ page, scannedDemoHome }) => {
  test.setTimeout(240_000);
  const wizard = await startWizard({ EXWIZ_DEMO_DOWNLOAD_FAULT: 'drop-once' }, copySession(scannedDemoHome));
  try {
    await page.goto(wizard.url);
    await scannedDemoToDownload(page);
    const files = page.getByRole('table', { name: 'Files the plan needs' });
    await files.getByRole('button', { name: 'Download', exact: true }).first().click();
    await expect(files.getByText(/^Verified \(/).first()).toBeVisible({ timeout: 90_000 });
    await files.getByRole('button', { name: 'Checks' }).first().click();
    await expect(page.getByText(/resumed at .* after the connection dropped/).first()).toBeVisible();
    const session = JSON.parse(readFileSync(path.join(wizard.home, 'session.json'), 'utf8')) as { downloads: Array<{ resumedAtBytes?: number[]; attempts: number }> };
    // The connection was cut once: the download went on from where it stopped, not from zero.
    expect(session.downloads[0]?.attempts).toBeGreaterThan(1);
    expect(session.downloads[0]?.resumedAtBytes?.[0]).toBeGreaterThan(0);
    await screenshot(page, 'download-resumed');
  } finally {
    await stopWizard(wizard);
  }
});
