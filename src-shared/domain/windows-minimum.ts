/**
 * The oldest Windows the wizard runs on. Electron 45 (Chromium) and Node.js 20 support
 * Windows 10 / Windows Server 2016 and later only; many small-business jump boxes are still
 * Server 2012 R2 (6.3.9600), where the installer and the CLI refuse to start with this sentence.
 * build/installer.nsh says the same (a test keeps the two equal).
 */
export const MINIMUM_WINDOWS_BUILD = 14393;

/** The one sentence said wherever the wizard refuses older Windows. */
export const MINIMUM_WINDOWS_SENTENCE =
  'The Exchange Remediation Wizard needs Windows 10 or Windows Server 2016 (build 14393) or later. Run it on a newer computer, or run its offline collector on the Exchange server and import the result there.';

/**
 * Whether a Windows release (os.release(): "10.0.17763", "6.3.9600") is older than the minimum.
 * Not Windows, or a release that cannot be read: not refused.
 */
export function isOlderThanMinimumWindows(platform: string, release: string): boolean {
  if (platform !== 'win32') return false;
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(release.trim());
  if (!match) return false;
  const [major, minor, build] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (major !== 10) return major < 10;
  return minor === 0 && build < MINIMUM_WINDOWS_BUILD;
}
