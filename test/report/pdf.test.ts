import { describe, expect, it } from 'vitest';
import { printHtmlWithChromium } from '../../electron/engine/chromium-pdf';
import { produceReport } from '../../electron/engine/report/produce';
import { needsAction } from '../../src-shared/report/html/server-section';
import { reportFromSession } from '../../src-shared/report/build';
import type { ReportDocument } from '../../src-shared/report/schema';
import { leakedIdentifiers, REPORT_OPTIONS, sampleSession } from './fixtures';
import { readPdf } from './pdf-reader';

async function pdfOf(report: ReportDocument) {
  const bytes = await produceReport(report, 'pdf', { printToPdf: printHtmlWithChromium });
  if (typeof bytes === 'string') throw new Error('PDF came back as text');
  return { bytes: Buffer.from(bytes), content: readPdf(Buffer.from(bytes)) };
}

describe('PDF report (headless Chromium)', () => {
  it('is a valid PDF with an outline section and pages for every server', async () => {
    const report = reportFromSession(sampleSession(), REPORT_OPTIONS);
    const { bytes, content } = await pdfOf(report);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    const actionable = report.servers.filter(needsAction);
    for (const server of actionable) {
      expect(
        content.outline.some(title => title.startsWith(`${server.name} `)),
        `${server.name} in ${JSON.stringify(content.outline)}`,
      ).toBe(true);
    }
    expect(content.outline).toEqual(expect.arrayContaining(['Decisions', 'Emergency Mitigation Service and build age', 'Appendix', 'Audit trail']));
    // The decision page comes first; each server that needs action starts a page (print CSS).
    expect(content.pages[0]).toContain('To approve');
    expect(content.pages[0]).toContain('The risk of doing nothing');
    for (const server of actionable) {
      expect(
        content.pages.some(page => page.startsWith(`${server.name}\n`) || page.startsWith(`${server.name} `)),
        server.name,
      ).toBe(true);
    }
    const text = content.pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Blocked by the certificate change');
    expect(text).toContain('learn.microsoft.com'); // printed link addresses
  });

  it('a redacted PDF contains no original host name, IP address or domain', async () => {
    const plain = await pdfOf(reportFromSession(sampleSession(), REPORT_OPTIONS));
    const redacted = await pdfOf(reportFromSession(sampleSession(), { ...REPORT_OPTIONS, redact: true }));
    const plainText = [...plain.content.outline, ...plain.content.pages].join('\n').replace(/\s+/g, ' ');
    const redactedText = [...redacted.content.outline, ...redacted.content.pages].join('\n').replace(/\s+/g, ' ');
    // The check can fail: the unredacted PDF has them.
    expect(leakedIdentifiers(plainText)).toEqual(expect.arrayContaining(['EX01', 'contoso.local', '10.20.30.40', '192.168.10.24']));
    expect(leakedIdentifiers(redactedText)).toEqual([]);
    expect(redactedText).toContain('SERVER-01');
    expect(redacted.content.outline.some(t => t.startsWith('SERVER-01 '))).toBe(true);
  });

  it('refuses to call a failed print a PDF', async () => {
    const report = reportFromSession(sampleSession(), REPORT_OPTIONS);
    await expect(produceReport(report, 'pdf', { printToPdf: async () => new Uint8Array([60, 104, 116, 109, 108]) })).rejects.toMatchObject({ code: 'io' });
    await expect(produceReport(report, 'pdf', {})).rejects.toMatchObject({ code: 'unsupported' });
  });
});
