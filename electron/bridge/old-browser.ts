/**
 * Internet Explorer 11 (Trident), the default browser of Windows Server 2016 and 2019, cannot
 * run the wizard's page (no ES modules, no WebSocket subprotocols it needs). Browser mode says
 * so instead of showing a blank page: when printing the address, and to IE itself.
 */
export const OPEN_IN_EDGE_OR_CHROME = 'If it opens in Internet Explorer, open it in Microsoft Edge or Google Chrome instead: Internet Explorer cannot run the wizard.';

/** Whether a request's User-Agent is Internet Explorer (Trident engine, or an old MSIE token). */
export function isInternetExplorer(userAgent: string | undefined): boolean {
  return userAgent !== undefined && /\bTrident\/\d|\bMSIE \d/.test(userAgent);
}

/** The plain page Internet Explorer gets: no script, the address to open elsewhere. */
export function internetExplorerPage(address: string): string {
  const shown = address.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Open the wizard in Edge or Chrome</title></head>',
    '<body style="font-family:Segoe UI,Arial,sans-serif;margin:2em;max-width:50em">',
    '<h1>Open it in Microsoft Edge or Google Chrome</h1>',
    '<p>Internet Explorer cannot run the Exchange Remediation Wizard. Copy this address into Microsoft Edge or Google Chrome on this computer:</p>',
    `<p><code style="font-size:1.1em;word-break:break-all">${shown}</code></p>`,
    '<p>Only this computer can open it, and only while the wizard runs.</p>',
    '</body></html>',
  ].join('\n');
}
