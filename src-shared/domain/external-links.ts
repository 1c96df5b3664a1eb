/**
 * Hosts the app may open in the system browser: Microsoft documentation only.
 *
 * Everything else is refused, so a crafted value in a report or a capture can
 * never send the admin to an arbitrary site (Electron security checklist #15).
 */
export const ALLOWED_EXTERNAL_HOSTS: readonly string[] = ['learn.microsoft.com', 'support.microsoft.com', 'techcommunity.microsoft.com', 'www.microsoft.com', 'microsoft.github.io', 'aka.ms'];

/**
 * True when the URL is https and its host is on the allow-list exactly.
 *
 * Parsed by hand because src-shared has no URL global: anything unusual (user
 * info, a port, white space, control characters) is simply refused.
 */
export function isAllowedExternalUrl(url: string): boolean {
  // Control characters are exactly what must be refused here.
  // eslint-disable-next-line no-control-regex
  if (url.length > 2048 || /[\s\u0000-\u001f\u007f\\]/.test(url)) return false;
  const match = /^https:\/\/([^/?#]*)([/?#].*)?$/i.exec(url);
  const authority = match?.[1];
  if (!authority || authority.includes('@') || authority.includes(':')) return false;
  return ALLOWED_EXTERNAL_HOSTS.includes(authority.toLowerCase());
}
