import type { Page, WebSocketRoute } from '@playwright/test';
import { expectAccessible, expectScannedDemo, screenshot } from './helpers';
import { expect, test, SCANNED } from './fixtures';

/**
 * What the engine reports only on Windows, given to the real page and engine: the bridge's
 * answers are rewritten on the way to the page (the engine on Linux is not on an Exchange server
 * and reaches no workgroup Edge server). `edit` gets each answer's text and the invoked method.
 */
async function rewriteBridge(page: Page, edit: (text: string, method: string | undefined) => string): Promise<void> {
  await page.routeWebSocket(/\/bridge/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    const methods = new Map<number, string>();
    ws.onMessage(message => {
      const parsed = JSON.parse(String(message)) as { type?: string; id?: number; method?: string };
      if (parsed.type === 'invoke' && typeof parsed.id === 'number' && parsed.method) methods.set(parsed.id, parsed.method);
      server.send(message);
    });
    server.onMessage(message => {
      const parsed = JSON.parse(String(message)) as { type?: string; id?: number };
      ws.send(edit(String(message), parsed.type === 'result' && typeof parsed.id === 'number' ? methods.get(parsed.id) : undefined));
    });
  });
}

test('on an Exchange server without elevation, the banner gives the command to restart as administrator', async ({ page, wizard }) => {
  test.setTimeout(120_000);
  const restartCommand = "Start-Process -FilePath 'C:\\Program Files\\nodejs\\node.exe' -ArgumentList 'exwiz.cjs', 'serve' -Verb RunAs";
  await rewriteBridge(page, (text, method) => {
    if (method !== 'getAppInfo') return text;
    const message = JSON.parse(text) as { result: { ok: boolean; value?: Record<string, unknown> } };
    if (message.result.ok && message.result.value) message.result.value.thisExchangeServer = { name: 'EX01', elevated: false, restartCommand };
    return JSON.stringify(message);
  });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(wizard.url);
  const banner = page.getByText('Not running as administrator').locator('xpath=ancestor::*[contains(@class,"fui-MessageBar")][1]');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('The wizard runs on EX01, this Exchange server, without administrator rights');
  // Browser mode cannot restart itself: it shows the exact line to copy instead of a button.
  await expect(banner).toContainText(restartCommand);
  await expect(page.getByRole('button', { name: 'Restart as administrator', exact: true })).toHaveCount(0);
  await expectAccessible(page, 'not-elevated banner');
  await screenshot(page, 'windows-not-elevated', { fullPage: false });
});

test('a server Kerberos cannot sign in to offers Connect as…, a dialog that keeps the password in memory only', SCANNED, async ({ page, scannedWizard: wizard }) => {
  test.setTimeout(180_000);
  // EX04 did not answer WinRM in the demo; here it answers as a workgroup server does (Kerberos: no logon servers).
  await rewriteBridge(page, text => text.replaceAll('"code":"winrm-unreachable"', '"code":"needs-credential"'));
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(wizard.url);
  await expectScannedDemo(page);
  await page.getByRole('button', { name: 'Show findings for EX04', exact: true }).click();
  const ex04 = page.getByRole('region', { name: 'Findings for EX04' });
  await ex04.getByRole('button', { name: 'Connect as…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect to ex04.contoso.local as…' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('keeps it in memory only');
  const connect = dialog.getByRole('button', { name: 'Connect and scan again' });
  await expect(connect).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'User name' }).fill('ex04\\Administrator');
  await dialog.getByLabel('Password').fill('not a real password');
  await expect(connect).toBeEnabled();
  await expect(dialog.getByRole('checkbox', { name: 'WinRM over HTTPS (port 5986)' })).toBeChecked();
  await expectAccessible(page, 'connect as dialog');
  await screenshot(page, 'windows-connect-as', { fullPage: false });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});
