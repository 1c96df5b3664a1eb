import type { Page } from '@playwright/test';
import { expectAccessible, expectScannedDemo, next, screenshot, stepHeading, showEveryRunbookItem } from './helpers';
import { copySession, expect, SCANNED, scannedDemoTemplate, startWizard, stopWizard, test, type WizardServer } from './fixtures';
import { downloadAllDemoFiles } from './transfer-steps';

/**
 * 1366×768 at 125 % scaling, the jump box's usual setting: Windows gives the page 1093×614 CSS
 * pixels at 1.25 device pixels each.
 */
const SCALED = { viewport: { width: 1093, height: 614 }, deviceScaleFactor: 1.25 } as const;

/** Each step's heading, its primary button, and the button that leads on (the last has none). */
const STEPS = [
  { heading: 'Welcome', primary: 'Start', next: 'Start' },
  { heading: 'Discover', primary: 'Check these servers', next: 'Check these servers' },
  { heading: 'Health', primary: 'Explain the results', next: 'Explain the results' },
  { heading: 'Explain', primary: 'See the plan', next: 'See the plan' },
  { heading: 'Plan', primary: 'Get the files', next: 'Get the files' },
  // Download and Stage: their own work is the primary action until it is done.
  { heading: 'Download', primary: /^Download all/, next: 'Copy them to the servers' },
  { heading: 'Stage', primary: /^Copy all/, next: 'Start the upgrade' },
  { heading: 'Upgrade', primary: 'Make the report', next: 'Make the report' },
  { heading: 'Report', primary: /^Export HTML/, next: null },
] as const;

/**
 * What a 125 % screen must show without scrolling: the step's heading and its primary button, no
 * horizontal scrollbar, and every badge's text inside its pill.
 */
async function expectFitsScaledScreen(page: Page, step: (typeof STEPS)[number]): Promise<void> {
  await expect(stepHeading(page, step.heading)).toBeInViewport();
  await expect(page.getByRole('button', { name: step.primary }).first()).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${step.heading}: the page scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
  const spilling = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.fui-Badge')].filter(b => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1).map(b => b.textContent),
  );
  expect(spilling, `${step.heading}: badges whose text leaves the pill`).toEqual([]);
}

// From the scanned demo: the walk starts at Welcome through the step list, and Health shows the
// run's scan instead of scanning again (discovering and scanning are the journey's to test).
test.describe.serial('appearance', SCANNED, () => {
  let wizard: WizardServer;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    wizard = await startWizard({}, copySession(scannedDemoTemplate()));
    page = await browser.newPage(SCALED);
  });

  // The page closes with the browser: closing it here races Playwright's trace of the last test.
  test.afterAll(async () => {
    await stopWizard(wizard);
  });

  test('every step is axe-clean in the dark theme and fits 1366×768 at 125 %', async () => {
    test.setTimeout(600_000);
    await page.goto(wizard.url);
    await expectScannedDemo(page);
    await page.getByRole('tab', { name: /Welcome/ }).click();
    await expect(stepHeading(page, 'Welcome')).toBeVisible();
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
    for (const [i, step] of STEPS.entries()) {
      if (step.heading === 'Discover') await expect(page.getByRole('table', { name: 'Discovered servers' }).getByRole('row')).toHaveCount(8);
      if (step.heading === 'Health') await expectScannedDemo(page);
      await expectFitsScaledScreen(page, step);
      await expectAccessible(page, `${step.heading} (dark)`);
      await screenshot(page, `scaled-125-${i + 1}-${step.heading.toLowerCase()}-dark`, { fullPage: false });
      // Stage has copies to make only once the files are here.
      if (step.heading === 'Download') await downloadAllDemoFiles(page);
      const following = STEPS[i + 1];
      if (step.next && following) await next(page, step.next, following.heading);
    }
  });

  test('a tick is shown as not saved until the engine confirms it', async () => {
    test.setTimeout(120_000);
    // Stand between the page and the engine: while `failing`, a saved tick comes back as failed,
    // as when the engine is gone.
    let failing = true;
    await page.routeWebSocket(/\/bridge/, ws => {
      const server = ws.connectToServer();
      ws.onMessage(message => {
        const invoke = JSON.parse(String(message)) as { id: number; method: string; payload: { checklist?: unknown } };
        if (failing && invoke.method === 'updateSession' && invoke.payload.checklist !== undefined) {
          ws.send(JSON.stringify({ type: 'result', id: invoke.id, result: { ok: false, error: { code: 'unreachable', message: 'The connection to the wizard engine was lost.' } } }));
          return;
        }
        server.send(message);
      });
    });
    await page.reload();
    await page.getByRole('tab', { name: /Upgrade/ }).click();
    await expect(stepHeading(page, 'Upgrade')).toBeVisible();
    await showEveryRunbookItem(page);

    const backup = page.getByRole('checkbox', { name: 'Confirm a tested backup' });
    await backup.check();
    // Shown as ticked, and said plainly that it is not saved, with the way to save it.
    await expect(backup).toBeChecked();
    const notice = page.getByRole('group', { name: '1 tick is not saved' });
    await expect(notice).toContainText('would be lost if you closed the wizard now');
    await expect(page.getByText(/Your tick is shown but not saved: The connection to the wizard engine was lost\./)).toBeVisible();
    await expectAccessible(page, 'unsaved tick');
    await screenshot(page, 'upgrade-tick-not-saved', { fullPage: false });

    // Still failing: "Save again" keeps it unsaved.
    await notice.getByRole('button', { name: 'Save again' }).click();
    await expect(notice).toBeVisible();

    // The engine answers again: "Save again" saves it, and the notice goes.
    failing = false;
    await notice.getByRole('button', { name: 'Save again' }).click();
    await expect(notice).toBeHidden();
    await page.reload();
    await showEveryRunbookItem(page);
    await expect(page.getByRole('checkbox', { name: 'Confirm a tested backup' })).toBeChecked();
  });
});
