import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ARTIFACTS, expectAccessible, expectScannedDemo, next } from './helpers';
import { expect, test, SCANNED } from './fixtures';

/** `exwiz report …` as the admin runs it, with the wizard's data folder; resolves when it has written its file. */
function exwiz(home: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '..', 'bin', 'exwiz.cjs'), ...args], { env: { ...process.env, EXWIZ_HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('exit', code => (code === 0 ? resolve() : reject(new Error(`exwiz ${args.join(' ')} exited with ${code}:\n${errors}`))));
  });
}

/** The comparison as the screen shows it after Compare, at 1366×768 (not scrolled back to the top). */
async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/**
 * The Report step's compare view with the demo organisation before its upgrade (the wizard's own
 * export) and after it (the upgraded demo lab, lab/demo/organisation-after.json, reported by the CLI).
 */
test('the compare view shows what the upgrade changed per server', SCANNED, async ({ page, scannedWizard: wizard }) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(wizard.url);
  await expectScannedDemo(page);
  // Scanned after the wizard's scan, so "after" really is the newer report. In the data folder: the page may name it.
  const afterPath = path.join(wizard.home, 'after-the-upgrade.json');
  const after = exwiz(wizard.home, ['report', '--demo-after', '--format', 'json', '--out', afterPath]);
  for (const [button, step] of [
    ['Explain the results', 'Explain'],
    ['See the plan', 'Plan'],
    ['Get the files', 'Download'],
    ['Copy them to the servers', 'Stage'],
    ['Start the upgrade', 'Upgrade'],
    ['Make the report', 'Report'],
  ] as const) {
    await next(page, button, step);
  }

  await page.getByRole('button', { name: /^Export JSON/ }).click();
  const exported = page.getByRole('table', { name: 'Exported reports' });
  await expect(exported.getByRole('row')).toHaveCount(2);
  const beforePath = (await exported.getByRole('row').nth(1).getByRole('cell').allTextContents())[1] ?? '';
  expect(beforePath.endsWith('.json')).toBe(true);
  // Browser mode cannot open files: it offers the path to copy instead of Open / Show in folder.
  await expect(exported.getByRole('button', { name: 'Copy path: JSON report' })).toBeVisible();
  await expect(exported.getByRole('button', { name: /^(Open|Show in folder):/ })).toHaveCount(0);
  await after;

  await page.getByRole('textbox', { name: 'Before (the older report)' }).fill(beforePath);
  await page.getByRole('textbox', { name: 'After (the newer report)' }).fill(afterPath);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const table = page.getByRole('table', { name: 'What changed per server' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  // The answer is brought into view and focused, not left below the fold.
  const result = page.getByRole('group', { name: 'What changed between the two reports' });
  await expect(result).toBeFocused();
  await expect(result).toBeInViewport();
  await expect(page.getByText('Servers blocked by a certificate cut-off: 4 before, 0 after.')).toBeVisible();
  // No warning that the two could be swapped: the after report is the newer one.
  await expect(page.getByText(/may be swapped/)).toHaveCount(0);

  const row = (server: string) => table.getByRole('row').filter({ has: page.getByRole('cell', { name: server, exact: true }) });
  // Upgraded in place: build moved, EEMS working again, the findings the plan cured resolved.
  await expect(row('EX01')).toContainText('15.2.986.36');
  await expect(row('EX01')).toContainText('15.2.2562.57');
  await expect(row('EX01')).toContainText('Blocked by the certificate change (March 2023)');
  await expect(row('EX01')).toContainText('Working');
  await expect(row('EX01')).toContainText(/\d+ resolved: .*Build is too old for the March 2023 certificate change/);
  await expect(row('EX03')).toContainText('15.2.1544.33');
  await expect(row('EX03')).toContainText('Blocked by the certificate change (June 2026)');
  await expect(row('EDGE01')).toContainText('15.2.2562.57');
  // The 2016 servers were replaced by new SE servers: gone in the newer report, the new ones only there.
  for (const gone of ['EX02', 'EX04']) await expect(row(gone)).toContainText('Only in the older report.');
  for (const added of ['EXSE03', 'EXSE04']) await expect(row(added)).toContainText('Only in the newer report.');
  // An update does not cure a TLS-inspecting proxy: EXSE02 still cannot reach the service.
  await expect(row('EXSE02')).toContainText('Cannot reach the Office Config Service');
  await expect(row('EXSE02')).not.toContainText('→ Working');

  await expectAccessible(page, 'report compare');
  await shoot(page, 'report-compare-1366x768-light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expectAccessible(page, 'report compare (dark)');
  await shoot(page, 'report-compare-1366x768-dark');
});
