import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { next, stepHeading } from './helpers';
import { expect, startWizard, stopWizard, test } from './fixtures';

const root = path.resolve(__dirname, '..');

/**
 * Browser mode: `npm start` again while the wizard runs opens the page it already serves (the
 * same session, on the step the admin was on) instead of a second, read-only wizard; after the
 * wizard stopped, it starts afresh on that same step.
 */
test('npm start reopens the same session on the step the admin was on', async ({ page }) => {
  test.setTimeout(180_000);
  const first = await startWizard();
  let second: Awaited<ReturnType<typeof startWizard>> | null = null;
  try {
    await page.goto(first.url);
    await next(page, 'Start', 'Discover');
    await expect(page.getByRole('table', { name: 'Discovered servers' }).getByRole('row')).toHaveCount(8, { timeout: 90_000 });

    // The tab was closed; the admin runs npm start again (browser mode, as `npm start` falls back to it).
    const again = spawnSync(process.execPath, [path.join(root, 'bin', 'exwiz.cjs'), 'serve', '--no-open'], {
      cwd: root,
      env: { ...process.env, EXWIZ_HOME: first.home },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`The wizard is already running at ${first.url}`);
    const reopened = await page.context().newPage();
    await reopened.goto(first.url);
    await expect(stepHeading(reopened, 'Discover')).toBeVisible();
    await expect(reopened.getByText('Read-only: another instance is open')).toHaveCount(0);
    await reopened.close();

    // The wizard stopped (the command window was closed): the next start opens the same step.
    await stopWizard(first, false);
    second = await startWizard({}, first.home);
    expect(second.url).not.toBe(first.url);
    await page.goto(second.url);
    await expect(stepHeading(page, 'Discover')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Discovered servers' }).getByRole('row')).toHaveCount(8);
  } finally {
    if (second) await stopWizard(second);
    else await stopWizard(first);
  }
});
