import { BrowserWindow } from 'electron';

/**
 * Renders a self-contained HTML document to PDF with Chromium's print engine.
 *
 * The document is loaded into an invisible, sandboxed window with JavaScript
 * disabled: the report needs none to print, and nothing in it may run.
 */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4', generateDocumentOutline: true });
    return new Uint8Array(pdf);
  } finally {
    window.destroy();
  }
}
