import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SetupLogBuilder, withEarlierRun } from '../test/analysis/setup-log/log-builder';
import { expectAccessible, screenshot, showEveryRunbookItem } from './helpers';
import { expect, test, SCANNED } from './fixtures';
import { scannedDemoToUpgrade } from './transfer-steps';

/**
 * The Setup log panel beside a server's Setup item: the server's log of a Setup under way (read
 * through the demo lab, then followed: its step and how long it has run), then a copy of a failed
 * run's log, diagnosed answer first, with the keyboard only; axe-clean.
 */
test('a failed Setup is diagnosed beside the Setup item, from the keyboard', SCANNED, async ({ page, scannedWizard: wizard }) => {
  test.setTimeout(240_000);
  const log = withEarlierRun(l =>
    l
      .readiness()
      .progress(3)
      .componentFailure('AllRolesCommonServiceControl___f75a1d4bbeb24c0c8f33b9d26f0c3ba9', [
        'The following error was generated when "$error.Clear(); Start-SetupService -ServiceName MSExchangeADTopology" was run: "System.InvalidOperationException: Cannot start service MSExchangeADTopology on computer \'.\'. ---> System.ComponentModel.Win32Exception: The service cannot be started, either because it is disabled or because it has no enabled devices associated with it',
      ]),
  );
  const copy = path.join(wizard.home, 'ExchangeSetup.log');
  writeFileSync(copy, log.bytes('utf16le'));
  // EX01's Setup is under way: its log in the demo lab (the lab answers C:\ExchangeSetupLogs from it).
  const running = new SetupLogBuilder(Date.now() - 40 * 60_000);
  running
    .start()
    .readiness()
    .wait(40 * 60_000)
    .at(1)
    .log("Processing component 'Mailbox role: Transport service' (Configuring Microsoft Exchange Server).");
  for (const day of readdirSync(path.join(wizard.home, 'demo-lab'))) {
    const logs = path.join(wizard.home, 'demo-lab', day, 'EX01', 'ExchangeSetupLogs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(path.join(logs, 'ExchangeSetup.log'), running.bytes('utf8-bom'));
  }

  await scannedDemoToUpgrade(page, wizard.url, 'EX01');
  await showEveryRunbookItem(page);
  const panel = page.getByRole('region', { name: 'Setup log of EX01' }).first();

  await panel.getByRole('button', { name: 'Read the log from EX01' }).click();
  // A read is a PowerShell run through the lab's remoting: on a loaded 2-core machine it can take longer than an expect's 15 s.
  const serverRead = { timeout: 60_000 };
  await expect(panel.getByRole('status').filter({ hasText: 'Setup did not finish' })).toContainText('still running, or stopped without saying why', serverRead);
  await panel.getByRole('button', { name: 'Follow Setup while it runs' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Setup is at:' })).toContainText(
    /Setup is at: Mailbox role: Transport service \(Configuring Microsoft Exchange Server\), running for 4[01] min, last line written \d+ s ago\./,
    serverRead,
  );
  await panel.getByRole('button', { name: 'Stop following Setup' }).click();

  // Keyboard only: type the copy's path (browser mode has no file dialog) and diagnose it.
  await panel.getByRole('textbox', { name: 'A copy of ExchangeSetup.log' }).fill(copy);
  await panel.getByRole('button', { name: 'Diagnose this file' }).focus();
  await page.keyboard.press('Enter');
  const headline = panel.getByRole('status').filter({ hasText: 'Setup failed' });
  await expect(headline).toContainText('Setup failed: Setup could not start MSExchangeADTopology: the service (or one it depends on) is Disabled');
  const line = log.marked('error').at(-1) as number;
  await expect(panel.getByRole('list', { name: /^Evidence from the log for:/ })).toContainText(`line ${line}: `);
  await expect(panel.getByRole('list').last()).toContainText("Set-Service -Name 'MSExchangeADTopology' -StartupType Automatic");
  await expectAccessible(page, 'upgrade (setup log)');
  await screenshot(page, 'upgrade-setup-log');
});
