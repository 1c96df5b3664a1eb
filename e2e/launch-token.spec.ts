import { expect, test } from './fixtures';
import { next, stepHeading } from './helpers';

/**
 * Browser mode's launch token leaves the address bar after the first load (no screenshot, shared
 * link or copied address carries it); the page keeps it, so a reload still reaches the engine.
 */
test('takes the launch token out of the address bar, and a reload still reaches the engine', async ({ page, wizard }) => {
  test.setTimeout(180_000);
  await page.goto(wizard.url);
  await expect(stepHeading(page, 'Welcome')).toBeVisible();
  await expect.poll(() => page.url()).toBe(`${wizard.origin}/`);
  await page.reload();
  await expect(stepHeading(page, 'Welcome')).toBeVisible();
  expect(page.url()).not.toContain('token');
  // The engine answers after the reload: discovery runs through the bridge.
  await next(page, 'Start', 'Discover');
  await expect(page.getByRole('table', { name: 'Discovered servers' }).getByRole('row')).toHaveCount(8, { timeout: 90_000 });
});
