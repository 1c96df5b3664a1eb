// Makes sure a Chromium-based browser exists for the browser tests and PDF
// export, in the order the README promises: EXWIZ_CHROMIUM, an installed
// Chromium/Chrome/Edge, Playwright's own cache (all three through the one
// finder, electron/engine/browser/find-chromium.ts); then Playwright's
// installer; then, on Debian/Ubuntu as root, Debian's chromium package.
// Otherwise it stops with one sentence and the command to run.

const SOURCE_LABELS = {
  EXWIZ_CHROMIUM: 'EXWIZ_CHROMIUM',
  installed: 'installed browser',
  'playwright-cache': "Playwright's browser cache",
};

/**
 * The decision order, with everything it touches injected (tests drive every branch).
 * @param {{
 *   find: () => ({ path: string, source: string } | null),
 *   run: (command: string, args: string[]) => number,
 *   env: Record<string, string | undefined>,
 *   platform: string,
 *   isRoot: boolean,
 *   isDebian: boolean,
 *   say: (line: string) => void,
 * }} system
 * @returns {{ path: string, source: string } | { error: string }}
 */
export function ensureChromium({ find, run, env, platform, isRoot, isDebian, say }) {
  const announce = found => {
    say(`Browser for tests and PDF: ${found.path} (${SOURCE_LABELS[found.source] ?? found.source}).`);
    return found;
  };
  const found = find();
  if (found) return announce(found);
  if (env.EXWIZ_CHROMIUM) {
    return { error: `EXWIZ_CHROMIUM is set to "${env.EXWIZ_CHROMIUM}", which does not exist: correct the path or unset EXWIZ_CHROMIUM.` };
  }

  say("No Chromium, Chrome or Edge found: installing Playwright's Chromium (npx playwright install chromium)...");
  if (run('npx', ['playwright', 'install', 'chromium']) === 0) {
    const installed = find();
    if (installed) return announce(installed);
  }

  const debianRoot = platform === 'linux' && isDebian && isRoot;
  if (debianRoot) {
    say("Playwright could not install its Chromium: installing Debian's chromium package (apt-get install -y chromium)...");
    if (run('apt-get', ['update', '-q']) === 0 && run('apt-get', ['install', '-y', '-q', 'chromium']) === 0) {
      const installed = find();
      if (installed) return announce(installed);
    }
  }

  const command = platform === 'linux' && isDebian ? `${isRoot ? '' : 'sudo '}apt-get install -y chromium` : platform === 'win32' ? 'winget install Microsoft.Edge' : 'npx playwright install chromium';
  return {
    error: `No Chromium-based browser was found or could be installed for the browser tests and PDF export: run "${command}" (or set EXWIZ_CHROMIUM to a Chromium, Chrome or Edge executable), then run the command again.`,
  };
}

/**
 * ensureChromium on this machine: the real finder, commands run in the
 * foreground with their output shown. Returns true when a browser is ready.
 */
export async function ensureChromiumHere() {
  const { spawnSync } = await import('node:child_process');
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const { importTypeScript } = await import('./import-ts.mjs');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { findChromium } = await importTypeScript(path.join(root, 'electron', 'engine', 'browser', 'find-chromium.ts'));
  const result = ensureChromium({
    find: () => findChromium(),
    run: (command, args) => spawnSync(command, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32', timeout: 15 * 60_000 }).status ?? 1,
    env: process.env,
    platform: process.platform,
    isRoot: process.getuid?.() === 0,
    isDebian: existsSync('/etc/debian_version'),
    say: line => process.stdout.write(`${line}\n`),
  });
  if ('error' in result) {
    process.stderr.write(`${result.error}\n`);
    return false;
  }
  return true;
}
