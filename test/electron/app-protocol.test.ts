import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/bridge/protocol';
import { APP_INDEX_URL, createRendererHandler, isAppUrl } from '../../electron/main/app-protocol';

/**
 * The app:// protocol handler serves the built renderer folder and nothing
 * else: no path traversal however spelled, no symbolic link out, no other
 * host, and the CSP header on every file.
 */
let scratch: string;
let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'exwiz-protocol-'));
  root = path.join(scratch, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>wizard</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(scratch, 'secret.txt'), 'SECRET-CONTENT');
  mkdirSync(path.join(scratch, 'renderer-evil'));
  writeFileSync(path.join(scratch, 'renderer-evil', 'x.js'), 'SECRET-CONTENT');
  symlinkSync(path.join(scratch, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  handle = createRendererHandler(root);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('app:// serves the renderer', () => {
  it('serves index.html with the CSP header and the right content type', async () => {
    const response = await handle(new Request(APP_INDEX_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    // The app talks to its engine over IPC: the page may open no WebSocket, to no port.
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/ws:/);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>wizard</title>');
  });

  it('serves assets, the root as index.html, and HEAD without a body', async () => {
    const script = await handle(new Request('app://exwiz/assets/index-abc.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await script.text()).toBe('console.log(1)');
    expect((await handle(new Request('app://exwiz/'))).status).toBe(200);
    const head = await handle(new Request(APP_INDEX_URL, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each([
    'app://exwiz/../secret.txt',
    'app://exwiz/%2e%2e/secret.txt',
    'app://exwiz/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://exwiz/assets/..%2f..%2fsecret.txt',
    'app://exwiz/..%5csecret.txt',
    'app://exwiz/assets%5c..%5c..%5csecret.txt',
    'app://exwiz/%2e%2e/renderer-evil/x.js',
    'app://exwiz/assets/link.txt',
    'app://exwiz/assets',
    'app://exwiz/assets/',
    'app://exwiz/missing.js',
    'app://exwiz/index.html%00.js',
    'app://exwiz/%E0%A4%A',
    'app://exwiz/%2Fetc%2Fpasswd',
    'app://exwiz/C:%5CWindows%5Cwin.ini',
    'app://other/index.html',
    'app://exwiz:8080/index.html',
  ])('refuses %s with a bare 404', async url => {
    const response = await handle(new Request(url));
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).toBe('Not found');
    expect(body).not.toContain(scratch);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handle(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('isAppUrl', () => {
  it('accepts pages of app://exwiz only', () => {
    expect(isAppUrl('app://exwiz/index.html')).toBe(true);
    expect(isAppUrl('app://exwiz/index.html#/plan')).toBe(true);
    for (const url of ['app://exwiz.evil/index.html', 'app://evil/', 'file:///index.html', 'https://exwiz/', 'app://a@exwiz/', 'app://exwiz:1/', 'not a url', '']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
});
