import { expectAccessible, expectScannedDemo, next, screenshot, showEveryRunbookItem } from './helpers';
import { expect, test, SCANNED } from './fixtures';

/**
 * The demo's Exchange 2016 servers (EX02, EX04) as a migration project: a new SE server, AD for
 * SE, honest interim patching that never waits for a build a 2016 server cannot reach.
 */
test('the 2016 servers of the demo are a migration project with honest interim patching', SCANNED, async ({ page, scannedWizard: wizard }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(wizard.url);
  await expectScannedDemo(page);
  await next(page, 'Explain the results', 'Explain');
  await next(page, 'See the plan', 'Plan');

  // Plan: the project, its steps, the path picture with its words, the windows in order.
  await expect(page.getByRole('heading', { name: 'Migration project: Replace Exchange 2016 with Exchange SE' })).toBeVisible();
  const steps = page.getByRole('list', { name: 'Steps of the migration from Exchange 2016' });
  await expect(steps).toContainText('Build 2 new servers for Exchange SE');
  await expect(steps).toContainText('Active Directory ready for Exchange SE');
  await expect(steps).toContainText('Move the user mailboxes');
  await expect(steps).toContainText('Remove Exchange 2016 (EX02, EX04)');
  await expect(
    page.getByRole('img', { name: /^Upgrade path of EX02: Exchange 2016 CU22 .*CU23 Oct25SU \(15\.1\.2507\.61\), interim → New Exchange SE server → Move mailboxes → Remove Exchange 2016/ }),
  ).toBeVisible();
  await expect(page.getByRole('img', { name: /^Upgrade path of EX01: Exchange 2019 CU11 .*Exchange 2019 CU15.* → Exchange SE.*Nov26SU/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Maintenance windows in order' })).toContainText('The migration to Exchange SE');
  await expect(page.getByText('EEMS cut off until migrated').first()).toBeVisible();
  await expectAccessible(page, 'plan (migration)');
  await screenshot(page, 'migration-plan');

  // Upgrade: EX02's section patches to its own build and says EEMS stays cut off; the project has its own tab.
  await next(page, 'Get the files', 'Download');
  await next(page, 'Copy them to the servers', 'Stage');
  await expect(
    page.getByText(/The new Exchange SE server of the migration \(replacing EX02, EX04\) gets its copies once it exists: .*They are never copied onto the servers it replaces\./),
  ).toBeVisible();
  await next(page, 'Start the upgrade', 'Upgrade');
  await page.getByRole('tab', { name: 'EX02' }).click();
  await showEveryRunbookItem(page);
  const ex02 = page.getByRole('region', { name: /^Checklist: EX02: patch to stay as safe as possible until it is replaced/ });
  await expect(ex02).toContainText('The wizard reads ExSetup.exe again; the step is done when the server reports 15.1.2507.61.');
  await expect(ex02).not.toContainText('15.2.2562.57.');
  await expect(ex02).toContainText('EEMS on this server stays cut off until the migration is done');
  await expect(ex02.getByRole('checkbox', { name: 'Reboot after: Install Exchange 2016 CU23', exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Replace Exchange 2016 with Exchange SE' }).click();
  await showEveryRunbookItem(page);
  const project = page.getByRole('region', { name: /^Checklist: Replace Exchange 2016 with Exchange SE/ });
  await expect(project.getByRole('checkbox', { name: 'Move the SSL certificate to the new server' })).toBeVisible();
  await expect(project.getByRole('checkbox', { name: 'Active Directory ready for Exchange SE' })).toBeVisible();
  await expect(project).toContainText("$OldServers = @('EX02', 'EX04')");
  await expectAccessible(page, 'upgrade (migration)');
  await screenshot(page, 'migration-upgrade');
});
