import { expect, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ARTIFACTS = path.resolve(__dirname, 'artifacts');

/**
 * Saves a screenshot of the current step under e2e/artifacts/ (ignored by git): the whole page,
 * or with `fullPage: false` what the screen shows (the sticky bars where the admin sees them).
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // From the top: a full-page shot of a scrolled page draws the sticky bars mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: options.fullPage ?? true });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page and fails on serious or critical violations.
 * axe is evaluated through the DevTools protocol, which the page's strict
 * CSP (no inline script) does not apply to.
 *
 * One known false positive is dropped, node by node: Fluent UI's focus
 * sentinels (`data-tabster-dummy`), which are focusable on purpose and
 * aria-hidden so screen readers skip them; they hand focus on at once.
 * Microsoft's Accessibility Insights suppresses them the same way
 * (microsoft/tabster#288, microsoft/accessibility-insights-web#7605).
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // axe reads colours as they are at that moment: let the transitions a click started (a theme
  // change fades every colour) end first. Endless animations (spinners) are not waited for.
  await page.evaluate(async () => {
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const ending = document.getAnimations().filter(a => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.all(ending.map(a => a.finished.catch(() => undefined)));
  });
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    type AxeNode = { html: string; target: unknown };
    type AxeViolation = { id: string; impact: string | null; help: string; nodes: AxeNode[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .map(v => ({ ...v, nodes: v.id === 'aria-hidden-focus' ? v.nodes.filter(n => !n.html.includes('data-tabster-dummy')) : v.nodes }))
      .filter(v => v.nodes.length > 0)
      .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map(n => JSON.stringify(n.target)) }));
  });
  const serious = violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${label}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

/** The step heading, which each step renders as its only h1. */
export function stepHeading(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name });
}

/**
 * Moves on with the step's primary button and waits for the next step, which must open at its
 * top with focus on its heading (so the next Tab starts there, not on Back).
 */
export async function next(page: Page, button: string, nextStep: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(stepHeading(page, nextStep)).toBeVisible();
  await expect(stepHeading(page, nextStep)).toBeFocused();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
}

/**
 * Every run photographs each step on the small jump-box screen; `EXWIZ_E2E_SCREENS=all` adds a
 * full-HD screen and the whole page (a review of the layout; they cost a third of the journey's time).
 */
const ALL_SCREENS = process.env.EXWIZ_E2E_SCREENS === 'all';

/** The sizes every step is photographed at: a small jump-box screen, and a full-HD one with EXWIZ_E2E_SCREENS=all. */
export const SCREEN_SIZES = [{ width: 1366, height: 768 }, ...(ALL_SCREENS ? [{ width: 1920, height: 1080 }] : [])] as const;

/**
 * The themes every step is photographed in: light; dark too with EXWIZ_E2E_SCREENS=all (every run
 * already photographs each step dark, at 125 % scale, in appearance.spec.ts).
 */
const THEMES = ALL_SCREENS ? (['light', 'dark'] as const) : (['light'] as const);

/**
 * Screenshots of the current step at each screen size and theme, from the same session
 * (no re-scan per variant), as the screen shows it; with EXWIZ_E2E_SCREENS=all also one full
 * page. The theme is put back to light afterwards.
 */
export async function screenshotVariants(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  const dark = page.getByRole('button', { name: 'Dark theme' });
  for (const theme of THEMES) {
    if ((await dark.getAttribute('aria-pressed')) !== String(theme === 'dark')) await dark.click();
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `${name}-${size.width}x${size.height}-${theme}`, { fullPage: false });
    }
  }
  if ((await dark.getAttribute('aria-pressed')) === 'true') await dark.click();
  if (ALL_SCREENS) await screenshot(page, `${name}-full-page`);
  if (original) await page.setViewportSize(original);
}

/**
 * The Health step of a wizard reopened on a copy of the scanned demo (the `scannedWizard` fixture
 * or `copySession`), after `page.goto`: where scanned-demo.setup.ts left it, without scanning again.
 */
export async function expectScannedDemo(page: Page): Promise<void> {
  await expect(stepHeading(page, 'Health')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Servers', exact: true }).getByRole('listitem')).toHaveCount(7);
}

/** The Upgrade step shows the item to do now; tests that look further down lay out every item. */
export async function showEveryRunbookItem(page: Page): Promise<void> {
  const toggle = page.getByRole('switch', { name: 'Show every item' });
  if (!(await toggle.isChecked())) await toggle.check();
}
