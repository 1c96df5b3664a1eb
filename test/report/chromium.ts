import { chromium, type Browser } from '@playwright/test';
import { findChromiumPath } from '../../electron/engine/browser/find-chromium';
import { QUIET_CHROMIUM_FLAGS } from '../../electron/engine/chromium-pdf';

/** The browser the suite uses, from the one finder (`npm test` installs one first where none exists). */
export const CHROMIUM_PATH = findChromiumPath() ?? undefined;

/** A headless Chromium that does not phone home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...QUIET_CHROMIUM_FLAGS, '--no-sandbox'] });
}
