import { expect, type Page } from '@playwright/test';
import { expectScannedDemo, next } from './helpers';

/** The demo plan's files: 2019 CU15, SE RTM, SE Nov26SU, 2016 CU23 and its Oct25SU. */
export const DEMO_FILE_COUNT = 5;

/** On the Download step: "Download all" and wait until every file of the table is verified. */
export async function downloadAllDemoFiles(page: Page): Promise<void> {
  const files = page.getByRole('table', { name: 'Files the plan needs' });
  await expect(files.getByRole('row')).toHaveCount(DEMO_FILE_COUNT + 1);
  await page.getByRole('button', { name: `Download all ${DEMO_FILE_COUNT} files` }).click();
  await expect(files.getByText(/^Verified[:( ]/)).toHaveCount(DEMO_FILE_COUNT, { timeout: 180_000 });
  await expect(page.getByText(`All ${DEMO_FILE_COUNT} files the plan needs are here.`)).toBeVisible();
}

/** On the Stage step: "Copy all" and wait until no copy is left. */
export async function copyAllDemoFiles(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Copy all \(\d+ copies\)$/ }).click();
  await expect(page.getByText(/^All \d+ copies are on their servers and checked again there\.$/)).toBeVisible({ timeout: 180_000 });
}

/** Closes the open details drawer and waits until the page is no longer hidden behind it. */
export async function closeDetails(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('#root')).not.toHaveAttribute('aria-hidden', 'true');
}

/** From the Health step of the reopened scanned demo (`scannedWizard`, `copySession`) through Explain and Plan to Download. */
export async function scannedDemoToDownload(page: Page): Promise<void> {
  await expectScannedDemo(page);
  await next(page, 'Explain the results', 'Explain');
  await next(page, 'See the plan', 'Plan');
  await next(page, 'Get the files', 'Download');
}

/** The reopened scanned demo (`scannedWizard`, `copySession`) at 1366×768, from its Health step through Explain to Plan. */
export async function scannedDemoToPlan(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(url);
  await expectScannedDemo(page);
  await next(page, 'Explain the results', 'Explain');
  await next(page, 'See the plan', 'Plan');
}

/** From the Health step of the reopened scanned demo at 1366×768 to the Upgrade step, on `server`'s tab. */
export async function scannedDemoToUpgrade(page: Page, url: string, server: string): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(url);
  await scannedDemoToDownload(page);
  await next(page, 'Copy them to the servers', 'Stage');
  await next(page, 'Start the upgrade', 'Upgrade');
  await page.getByRole('tab', { name: server }).click();
}
