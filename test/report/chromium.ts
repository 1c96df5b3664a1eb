import { chromium, type Browser } from '@playwright/test';
import { QUIET_CHROMIUM_FLAGS } from '../../electron/engine/chromium-pdf';

/** Debian's Chromium (or EXWIZ_CHROMIUM), as the browser suite uses it; Playwright never downloads one. */
export const CHROMIUM_PATH = process.env.EXWIZ_CHROMIUM ?? '/usr/bin/chromium';

/** A headless Chromium that does not phone home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...QUIET_CHROMIUM_FLAGS, '--no-sandbox'] });
}
