import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expectAccessible, expectScannedDemo, next, screenshot, screenshotVariants, stepHeading, showEveryRunbookItem } from './helpers';
import { DEMO_FILE_COUNT, closeDetails, copyAllDemoFiles, downloadAllDemoFiles, scannedDemoToDownload } from './transfer-steps';
import { copySession, expect, startWizard, stopWizard, test, SCANNED } from './fixtures';

/**
 * The second half of a small-business admin's journey through the demo organisation, in Chromium
 * through the loopback bridge, from the session the first half left on the Health step
 * (scanned-demo.setup.ts: Welcome, Discover, the scan, the unreachable server): the answer, the
 * plan, the files table with "Download all", the servers × files matrix with "Copy all" (and a folder
 * of the admin's own choosing checked at its field), a saved checklist surviving a reload, and an
 * exported report on disk.
 */
test('the scanned demo organisation from its answer to an exported report', SCANNED, async ({ page, scannedWizard }) => {
  // Two screenshots per step, downloads and copies on a loaded machine.
  test.setTimeout(600_000);
  await page.goto(scannedWizard.url);
  await expectScannedDemo(page);
  await next(page, 'Explain the results', 'Explain');

  // Explain: the organisation's answer comes first, then the picture, then the servers by status.
  const answer = page.getByRole('heading', { level: 2 }).first();
  await expect(answer).toHaveText(/^Yes — \d of your 7 servers (is|are) cut off$/);
  await expect(page.getByRole('list', { name: 'Cut-offs that hit your servers' })).toContainText('Cut off since January 2025: builds older than March 2023');
  await expect(page.getByText(/^Only updating fixes it: /)).toBeVisible();
  // The cost answer on the first screen: new servers, licences, windows with hours, the risk of doing nothing.
  const cost = page.getByTestId('cost-summary');
  await expect(cost).toBeInViewport();
  await expect(cost.getByRole('list', { name: 'What it costs' })).toContainText(
    /Licences when done: .*Maintenance windows: \d+ windows, one server at a time, about [\d.]+ hours in all.*If you do nothing: /s,
  );
  const newServersText = (await page.getByTestId('cost-new-servers').textContent()) ?? '';
  const newServers = Number(/^(\d+) new Windows Servers?/.exec(newServersText)?.[1]);
  expect(newServers).toBeGreaterThan(0);
  await expect(page.getByText(/^Only updating fixes it: /)).toContainText(`${newServers} new Exchange server`);
  // The timeline marks a server that could not be scanned, or that is at risk, differently from a working one.
  await expect(page.getByLabel('Legend')).toContainText('unknown: not scanned, worst case assumed');
  await expect(page.getByRole('img', { name: /^Build release dates/ })).toHaveAttribute('aria-label', /EXSE02 [\d-]+ \(at risk for another reason\)/);
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
  // The same cost as on Explain, and a server with nothing to install but a blocker is not "nothing to do".
  await expect(page.getByTestId('cost-new-servers')).toHaveText(newServersText);
  await expect(page.getByRole('list', { name: 'Fix first on EXSE02' })).toContainText('The server is (partly) in maintenance mode');
  // Moving past a step does not tick it: Download has work left.
  await expect(page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('tab', { name: /^done Download\b/ })).toHaveCount(0);
  await expectAccessible(page, 'plan');
  await screenshotVariants(page, '5-plan');
  await next(page, 'Get the files', 'Download');

  // Download: one row per file, the servers that need it, and one primary action, "Download all"
  // (from the demo's local update server).
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
  await expectAccessible(page, 'download (before)');
  await screenshotVariants(page, '6-download-before');
  await downloadAllDemoFiles(page);
  await expect(page.getByRole('button', { name: /^Download all/ })).toHaveCount(0);
  // Each row says how it was checked, on request.
  await files.getByRole('button', { name: 'Checks' }).first().click();
  await expect(page.getByText(/Verified by its published SHA-256/).first()).toBeVisible();
  await expect(page.getByRole('table').filter({ hasText: 'SHA-256' }).last()).toContainText('matches');
  await closeDetails(page);
  // Focus is back on the button that opened the drawer.
  await expect(files.getByRole('button', { name: 'Checks' }).first()).toBeFocused();
  // Every planned file is verified: now Download is ticked.
  await expect(page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('tab', { name: /^done Download\b/ })).toHaveCount(1);
  await expectAccessible(page, 'download');
  await screenshotVariants(page, '6-download');
  await next(page, 'Copy them to the servers', 'Stage');

  // Stage: the servers × files matrix, servers as rows, a status word and icon per cell.
  const matrix = page.getByRole('table', { name: 'Copies per server' });
  await expect(matrix.getByRole('row')).toHaveCount(6);
  const ex02 = matrix.getByRole('row', { name: /^EX02/ });
  await expect(ex02).toContainText('Not copied');
  await expect(ex02).toContainText('Not needed');
  await screenshotVariants(page, '7-stage-before');
  // A folder of the admin's choice is checked at its field, with a specific message.
  await ex02.getByRole('button', { name: 'Copies for EX02' }).click();
  await page.getByRole('menuitem', { name: "Copy EX02's files to a folder I choose…" }).click();
  const dialog = page.getByRole('dialog', { name: "Copy EX02's files to a folder" });
  const folder = dialog.getByLabel('Destination folder');
  await folder.fill('\\\\ex02\\c$\\ExchangeUpdates');
  await dialog.getByRole('button', { name: /^Copy \d files?$/ }).click();
  await expect(dialog.getByText(/A network path \(\\\\server\\share\) cannot be given here/)).toBeVisible();
  // A folder outside the data folder, not chosen in a dialog: the engine refuses it, said at the field.
  await folder.fill(path.join(path.dirname(scannedWizard.home), 'not-the-data-folder'));
  await dialog.getByRole('button', { name: /^Copy \d files?$/ }).click();
  await expect(dialog.getByText(/is not one you chose in a file dialog/)).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'stage folder dialog');
  // Inside the data folder it is used: the copies land there and are checked, but are not "on the server".
  const usb = path.join(scannedWizard.home, 'usb-disk');
  await folder.fill(usb);
  await dialog.getByRole('button', { name: /^Copy \d files?$/ }).click();
  await expect(page.getByText(/EX02's files were copied to .* They are not on EX02 yet/)).toBeVisible({ timeout: 60_000 });
  expect(readdirSync(usb).filter(f => !f.endsWith('.manifest.json')).length).toBeGreaterThan(0);
  await expect(ex02).toContainText('Not copied');
  // "Copy all" copies every file onto its servers; each copy is checked again there.
  await copyAllDemoFiles(page);
  await expect(matrix.getByText('Not copied')).toHaveCount(0);
  const servers = path.join(scannedWizard.home, 'demo-servers');
  for (const server of ['ex01.contoso.local', 'ex02.contoso.local', 'ex03.contoso.local', 'ex04.contoso.local', 'edge01.fabrikam.example']) {
    const staged = path.join(servers, server, 'C$', 'ExchangeUpdates');
    expect(existsSync(staged), `${staged} exists`).toBe(true);
  }
  // Once everything is copied, Next is the primary action.
  await expect(page.getByRole('button', { name: /^Copy all/ })).toHaveCount(0);
  await page.getByRole('row', { name: /^EX01/ }).getByRole('button', { name: 'Copies for EX01' }).click();
  await page.getByRole('menuitem', { name: 'Show the copies on EX01' }).click();
  await expect(page.getByText(/Re-checked at the destination/).first()).toBeVisible();
  await closeDetails(page);
  await expectAccessible(page, 'stage');
  await screenshotVariants(page, '7-stage');
  await next(page, 'Start the upgrade', 'Upgrade');
  await showEveryRunbookItem(page);

  // Upgrade: tick an item, reload, the tick is still there; re-scan says the build is not there yet.
  const backup = page.getByRole('checkbox', { name: 'Confirm a tested backup' });
  await backup.check();
  await expect(backup).toBeChecked();
  await expect(page.getByRole('button', { name: /^Copy: Put the server into maintenance mode/ }).first()).toBeVisible();
  // Every command block says where it runs: one "runs on" line per Copy button.
  const runbook = page.getByRole('region', { name: /^Checklist: / });
  await expect(runbook.getByTestId('runs-on')).toHaveCount(await runbook.getByRole('button', { name: /^Copy: / }).count());
  await expect(
    runbook
      .getByTestId('runs-on')
      .filter({ hasText: /^Run on EX\d+ — elevated PowerShell$/ })
      .first(),
  ).toBeVisible();
  await page.reload();
  await expect(stepHeading(page, 'Upgrade')).toBeVisible();
  await showEveryRunbookItem(page);
  await expect(page.getByRole('checkbox', { name: 'Confirm a tested backup' })).toBeChecked();
  // Stage is ticked (every copy checked); Upgrade is not (no server's new build confirmed yet).
  await expect(page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('tab', { name: /^done Stage\b/ })).toHaveCount(1);
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
  const html = readFileSync(htmlPath, 'utf8');
  expect(html).toContain('EX01');
  // The report's decision page names as many new servers as Explain and Plan did.
  expect([...html.matchAll(/(\d+) new Windows Servers?/g)].reduce((sum, m) => sum + Number(m[1]), 0)).toBe(newServers);
  await expect(page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('tab', { name: /^done Upgrade\b/ })).toHaveCount(0);
  // Fluent's Tab renders its content twice (the second reserves the bold width): read the first.
  await expect(page.getByTestId('step-note-upgrade').first()).toHaveText(/^0 of \d+ servers confirmed$/);
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
  const startOver = page.getByRole('alertdialog', { name: 'Start over with a new session?' });
  await expect(startOver).toContainText(/The health scan of 7 servers/);
  await expect(startOver.getByRole('button', { name: 'Export the report first' })).toBeVisible();
  await screenshot(page, '10-start-over-dialog', { fullPage: false });
  await startOver.getByRole('button', { name: 'Cancel' }).click();
  await expect(stepHeading(page, 'Report')).toBeVisible();
  await expect(page.getByRole('button', { name: 'More actions' })).toBeFocused();
});

test('a download that drops midway resumes and is still verified', SCANNED, async ({ page, scannedDemoHome }) => {
  test.setTimeout(240_000);
  const wizard = await startWizard({ EXWIZ_DEMO_DOWNLOAD_FAULT: 'drop-once' }, copySession(scannedDemoHome));
  try {
    await page.goto(wizard.url);
    await scannedDemoToDownload(page);
    const files = page.getByRole('table', { name: 'Files the plan needs' });
    await files.getByRole('button', { name: 'Download', exact: true }).first().click();
    // While it runs (the dropped connection and the retry's wait keep it running a while): its
    // progress, with the bytes so far and Cancel.
    const progress = page.getByRole('status').filter({ has: page.getByRole('progressbar') });
    await expect(progress).toContainText(/ of 4\.2 MB/);
    await expect(progress.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await expect(files.getByText(/^Verified[:( ]/).first()).toBeVisible({ timeout: 90_000 });
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
