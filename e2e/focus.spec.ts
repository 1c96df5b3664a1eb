import { expectScannedDemo, next } from './helpers';
import { expect, test, SCANNED } from './fixtures';

/**
 * Focus and keyboard (issue 28, item 9): closing a drawer or dialog gives focus back to what
 * opened it, a finished scan moves focus to its result, and Tab never lands on something hidden
 * under the sticky app bar or the sticky Back / Next bar.
 */
test('focus returns to the opener of a drawer and a dialog, and moves to a finished scan', SCANNED, async ({ page, scannedWizard }) => {
  test.setTimeout(240_000);
  await page.goto(scannedWizard.url);
  await expectScannedDemo(page);

  const opener = page.getByRole('button', { name: 'Show findings for EX01', exact: true });
  await opener.click();
  const drawer = page.getByRole('region', { name: 'Findings for EX01' });
  await expect(drawer).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(drawer).toBeHidden();
  await expect(opener).toBeFocused();

  // The dialog opens from a menu item, which is gone once the menu closes: its trigger gets focus.
  const more = page.getByRole('button', { name: 'More actions' });
  await more.click();
  await page.getByRole('menuitem', { name: /^Start over/ }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('alertdialog')).toBeHidden();
  await expect(more).toBeFocused();

  await page.getByRole('button', { name: 'Scan again', exact: true }).first().click();
  await expect(page.getByTestId('scan-summary')).toBeFocused({ timeout: 120_000 });
});

test('no focused element hides under the sticky bars', SCANNED, async ({ page, scannedWizard }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(scannedWizard.url);
  await expectScannedDemo(page);
  await next(page, 'Explain the results', 'Explain');
  await next(page, 'See the plan', 'Plan');
  let checked = 0;
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const el = document.activeElement;
      const footer = document.querySelector('[data-testid="step-footer"]');
      if (!(el instanceof HTMLElement) || !footer || !el.closest('main') || footer.contains(el)) return null;
      const r = el.getBoundingClientRect();
      const header = document.querySelector('header')?.getBoundingClientRect().bottom ?? 48;
      return { name: el.textContent?.slice(0, 40) ?? el.tagName, top: r.top, bottom: r.bottom, headerBottom: header, footerTop: footer.getBoundingClientRect().top };
    });
    if (!where) continue;
    checked++;
    expect(where.bottom, `${where.name} ends under the Back / Next bar`).toBeLessThanOrEqual(where.footerTop + 1);
    expect(where.top, `${where.name} starts under the app bar`).toBeGreaterThanOrEqual(where.headerBottom - 1);
  }
  // The Plan step's own controls (Tab goes round the page: header, rail, step, Back / Next).
  expect(checked).toBeGreaterThan(5);
});
