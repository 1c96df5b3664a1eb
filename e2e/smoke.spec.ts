import { test, expect } from './fixtures';

test('opens the wizard through the bridge and moves between steps', async ({ page, wizard }) => {
  const consoleErrors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(wizard.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();
  await expect(page.getByText('Browser mode')).toBeVisible();
  // Every verdict rests on the build catalog: the app bar says which one and who vouches for it.
  await expect(page.getByTestId('catalog-trust')).toHaveText(/^Catalog \d{4}-\d{2}-\d{2}, built into the app$/);

  // Health needs servers first: the rail shows it disabled.
  await expect(page.getByRole('tab', { name: /Health/ })).toBeDisabled();

  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Discover' })).toBeVisible();

  await page.getByRole('tab', { name: /Welcome/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('refuses a wrong launch token; without one the page loads but cannot reach the engine', async ({ page, wizard }) => {
  expect((await page.goto(`${wizard.origin}/?token=wrong`))?.status()).toBe(401);
  // Without a token it is a reload (the page keeps its token, see launch-token.spec.ts): the shell
  // holds no secret, and the bridge still refuses a socket that brings no token.
  expect((await page.goto(`${wizard.origin}/`))?.status()).toBe(200);
  const opened = await page.evaluate(
    () =>
      new Promise<boolean>(resolve => {
        const socket = new WebSocket(`ws://${location.host}/bridge`);
        socket.onopen = () => resolve(true);
        socket.onerror = () => resolve(false);
      }),
  );
  expect(opened).toBe(false);
});
