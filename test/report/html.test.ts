import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../src-shared/domain/external-links';
import { reportFromScan, reportFromSession } from '../../src-shared/report/build';
import { needsAction } from '../../src-shared/report/html/server-section';
import { renderHtml } from '../../src-shared/report/html/render';
import type { ReportDocument } from '../../src-shared/report/schema';
import { launchChromium } from './chromium';
import { REPORT_OPTIONS, sampleScan, sampleSession } from './fixtures';

// The page's globals, typed just enough for the evaluate callbacks below: tests compile without
// the DOM library, and a module-level declaration keeps these out of every other file.
declare const document: { querySelectorAll(selector: string): { length: number }; querySelector(selector: string): unknown };
declare function getComputedStyle(element: unknown, pseudo?: string): { breakBefore: string; display: string; content: string };
declare const window: unknown;

describe('HTML report in Chromium, offline', () => {
  let browser: Browser;
  const work = mkdtempSync(path.join(tmpdir(), 'exwiz-report-html-'));
  const report = reportFromSession(sampleSession(), REPORT_OPTIONS);

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Opens the report from a file, as from a USB stick, with the network off; records every request and console message. */
  async function open(r: ReportDocument, name: string) {
    const file = path.join(work, name);
    writeFileSync(file, renderHtml(r));
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const requests: string[] = [];
    const console: string[] = [];
    page.on('request', request => requests.push(request.url()));
    page.on('console', message => console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', error => console.push(`pageerror: ${error.message}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, context, requests, console, url: pathToFileURL(file).href };
  }

  it('loads nothing but the document itself and logs nothing (no blocked resource either)', async () => {
    const { page, context, requests, console, url } = await open(report, 'report.html');
    expect(requests).toEqual([url]);
    expect(console).toEqual([]);
    const counts = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      external: document.querySelectorAll('[src], link[href], iframe, object, embed, img').length,
      styles: document.querySelectorAll('style').length,
      charts: document.querySelectorAll('svg.chart:not(.mark)').length,
    }));
    expect(counts).toEqual({ scripts: 0, external: 0, styles: 1, charts: 2 });
    await context.close();
  });

  it('has one section per server with its heading, action items and the EEMS verdict', async () => {
    const { page, context } = await open(report, 'sections.html');
    const sections = await page.$$eval('section.server', nodes =>
      nodes.map(n => ({
        id: n.id,
        heading: n.querySelector('h2')?.textContent ?? '',
        actions: n.querySelectorAll('ol.actions > li').length,
        done: n.querySelectorAll('ol.actions > li.done').length,
      })),
    );
    // Only servers that need action get a page; the others are in the status table only.
    const actionable = report.servers.filter(needsAction);
    expect(actionable.length).toBeLessThan(report.servers.length);
    expect(sections.map(s => s.id)).toEqual(actionable.map(s => s.anchor));
    expect(sections.map(s => s.heading)).toEqual(actionable.map(s => `${s.name} ${s.severity === 'ok' ? 'OK' : s.severity[0]?.toUpperCase() + s.severity.slice(1)}`));
    expect(sections[0]).toMatchObject({ actions: 4, done: 1 });
    const text = await page.locator('#server-1').innerText();
    expect(text).toContain('Blocked by the certificate change');
    // The evidence behind the verdict is in the appendix.
    expect(await page.locator('#appendix').innerText()).toContain('Connection attempted against untrusted endpoint');
    expect(text).toContain('File on the server, ready to install');
    // The status table on the decision page links to each server page inside the document.
    const overviewLinks = await page.$$eval('#decisions table.status a', links => links.map(a => a.getAttribute('href')));
    expect(overviewLinks).toEqual(actionable.map(s => `#${s.anchor}`));
    expect(await page.locator('text=Nothing to do.').count()).toBe(0);
    await context.close();
  });

  it('makes Microsoft documentation links clickable and nothing else', async () => {
    const { page, context } = await open(report, 'links.html');
    const hrefs = await page.$$eval('a[href]', links => links.map(a => a.getAttribute('href') ?? ''));
    const external = hrefs.filter(h => !h.startsWith('#'));
    expect(external.length).toBeGreaterThan(5);
    for (const href of external) expect(isAllowedExternalUrl(href), href).toBe(true);
    expect(external).toContain('https://aka.ms/HC-RebootPending');
    await context.close();
  });

  it('escapes scan data: markup in a finding stays text', async () => {
    const scan = sampleScan();
    const first = scan.servers[0];
    if (!first) throw new Error('fixture without servers');
    first.findings[0] = { ...first.findings[0]!, title: '<img src=x onerror=alert(1)><script>alert(2)</script>' };
    first.eems = { ...first.eems!, links: [{ title: 'Not Microsoft', url: 'https://evil.example/x' }] };
    const { page, context, requests, url } = await open(reportFromScan(scan, REPORT_OPTIONS), 'escaped.html');
    expect(await page.locator('img, script').count()).toBe(0);
    expect(await page.locator('text=<img src=x onerror=alert(1)>').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href="https://evil.example/x"]').count()).toBe(0);
    expect(requests).toEqual([url]);
    await context.close();
  });

  it('prints each server on its own page and hides the screen-only contents', async () => {
    const { page, context } = await open(report, 'print.html');
    await page.emulateMedia({ media: 'print' });
    const style = await page.evaluate(() => ({
      breakBefore: getComputedStyle(document.querySelector('section.server')).breakBefore,
      toc: getComputedStyle(document.querySelector('nav.toc')).display,
      linkAfter: getComputedStyle(document.querySelector('a[href^="https:"]'), '::after').content,
    }));
    expect(style.breakBefore).toBe('page');
    expect(style.toc).toBe('none');
    expect(style.linkAfter).toMatch(/^" <" attr\(href\) ">"$|^" <https:/);
    await context.close();
  });

  it('has no serious accessibility problems (axe-core)', async () => {
    const file = path.join(work, 'axe.html');
    writeFileSync(file, renderHtml(report));
    // axe is injected for the check only, so this page may run script.
    const context = await browser.newContext({ offline: true, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const result = await (window as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
      return result.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(violations.filter(v => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await context.close();
  });
});
