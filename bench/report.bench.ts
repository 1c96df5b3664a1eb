import { performance } from 'node:perf_hooks';
import { findChromiumPath } from '../electron/engine/browser/find-chromium';
import { printHtmlWithChromium } from '../electron/engine/chromium-pdf';
import { reportFromSession } from '../src-shared/report/build';
import { renderCsv } from '../src-shared/report/csv';
import { renderHtml } from '../src-shared/report/html/render';
import { renderJson } from '../src-shared/report/json';
import { largeScan, REPORT_OPTIONS, sampleSession } from '../test/report/fixtures';

/**
 * Report generation for an organisation of 100 servers with full facts,
 * findings and plans: the model, redaction, and each format. PDF (headless
 * Chromium) is measured separately: it is dominated by starting the browser
 * and laying out the pages, not by our code.
 */
const SERVERS = 100;
const ROUNDS = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function measure<T>(work: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value = work(); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    value = work();
    times.push(performance.now() - started);
  }
  return { ms: median(times), value };
}

function kb(text: string): string {
  return `${(Buffer.byteLength(text, 'utf8') / 1024).toFixed(0)} KB`;
}

async function main(): Promise<void> {
  const session = { ...sampleSession(), scan: largeScan(SERVERS) };
  const model = measure(() => reportFromSession(session, REPORT_OPTIONS));
  const redacted = measure(() => reportFromSession(session, { ...REPORT_OPTIONS, redact: true }));
  const html = measure(() => renderHtml(model.value));
  const json = measure(() => renderJson(model.value));
  const csv = measure(() => renderCsv(model.value));

  console.log(`report of ${SERVERS} servers (median of ${ROUNDS} rounds)`);
  console.log(`  model from the session:      ${model.ms.toFixed(1)} ms`);
  console.log(`  model, redacted:             ${redacted.ms.toFixed(1)} ms`);
  console.log(`  HTML:                        ${html.ms.toFixed(1)} ms  (${kb(html.value)})`);
  console.log(`  JSON:                        ${json.ms.toFixed(1)} ms  (${kb(json.value)})`);
  console.log(`  CSV:                         ${csv.ms.toFixed(1)} ms  (${kb(csv.value)})`);
  console.log(`  model + HTML + JSON + CSV:   ${(model.ms + html.ms + json.ms + csv.ms).toFixed(1)} ms`);

  if (!findChromiumPath()) {
    console.log('  PDF: skipped, no Chromium-based browser found (set EXWIZ_CHROMIUM)');
    return;
  }
  const started = performance.now();
  const pdf = await printHtmlWithChromium(html.value);
  console.log(`  PDF (headless Chromium, one run): ${((performance.now() - started) / 1000).toFixed(1)} s  (${(pdf.byteLength / 1024).toFixed(0)} KB)`);
}

void main();
