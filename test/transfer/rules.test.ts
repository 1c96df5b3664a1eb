import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import { verificationSummary, type FileManifest } from '../../src-shared/domain/transfer';
import { checkDownloadUrl, isLoopbackHostname, MICROSOFT_DOWNLOAD_HOSTS, parseAllowedHost } from '../../electron/engine/transfer/allowed-hosts';
import { carriesAuthenticode, checkFileName, fileNameFromUrl } from '../../electron/engine/transfer/file-names';
import { ifRangeValue, parseContentRange } from '../../electron/engine/transfer/http-source';
import { backoffDelay, classifyNetworkError, DEFAULT_RETRY_POLICY, TransientFailure } from '../../electron/engine/transfer/network-errors';
import { ProgressMeter, type TransferProgress } from '../../electron/engine/transfer/progress';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  throw new Error('expected an AppError');
}

describe('download allow-list', () => {
  it('accepts https on Microsoft download hosts only', () => {
    for (const host of MICROSOFT_DOWNLOAD_HOSTS) {
      expect(checkDownloadUrl(`https://${host}/download/a/b/c/Exchange2019-KB5066367-x64-en.exe`).hostname).toBe(host);
    }
    expect(checkDownloadUrl('https://DOWNLOAD.Microsoft.com/x.exe').hostname).toBe('download.microsoft.com');
  });

  it('refuses plain http, other hosts, look-alikes, ports and user info', () => {
    expect(codeOf(() => checkDownloadUrl('http://download.microsoft.com/x.exe'))).toBe('host-not-allowed');
    expect(codeOf(() => checkDownloadUrl('https://download.microsoft.com.evil.example/x.exe'))).toBe('host-not-allowed');
    expect(codeOf(() => checkDownloadUrl('https://evil-download.microsoft.com/x.exe'))).toBe('host-not-allowed');
    expect(codeOf(() => checkDownloadUrl('https://www.microsoft.com/x.exe'))).toBe('host-not-allowed');
    expect(codeOf(() => checkDownloadUrl('https://download.microsoft.com:8443/x.exe'))).toBe('host-not-allowed');
    expect(codeOf(() => checkDownloadUrl('https://user:pw@download.microsoft.com/x.exe'))).toBe('host-not-allowed');
    expect(codeOf(() => checkDownloadUrl('ftp://download.microsoft.com/x.exe'))).toBe('invalid-input');
    expect(codeOf(() => checkDownloadUrl('not a url'))).toBe('invalid-input');
  });

  it('allows extra hosts explicitly, plain http only for loopback ones', () => {
    const mirror = parseAllowedHost('mirror.contoso.local');
    expect(checkDownloadUrl('https://mirror.contoso.local/x.exe', [mirror]).host).toBe('mirror.contoso.local');
    expect(codeOf(() => checkDownloadUrl('http://mirror.contoso.local/x.exe', [mirror]))).toBe('host-not-allowed');
    const loop = parseAllowedHost('127.0.0.1:8080');
    expect(checkDownloadUrl('http://127.0.0.1:8080/x.exe', [loop]).port).toBe('8080');
    expect(codeOf(() => checkDownloadUrl('http://127.0.0.1:8081/x.exe', [loop]))).toBe('host-not-allowed');
    expect(codeOf(() => checkDownloadUrl('http://127.0.0.1:8080/x.exe'))).toBe('host-not-allowed');
    expect(checkDownloadUrl('http://[::1]:9/x.exe', [parseAllowedHost('[::1]:9')]).port).toBe('9');
    expect(codeOf(() => parseAllowedHost('http://mirror/'))).toBe('invalid-input');
    expect(codeOf(() => parseAllowedHost('host:99999'))).toBe('invalid-input');
  });

  it('knows loopback hosts', () => {
    expect(['localhost', '127.0.0.1', '127.9.9.9', '::1', '[::1]'].every(isLoopbackHostname)).toBe(true);
    expect(['10.0.0.1', '128.0.0.1', 'localhost.evil.example', '::2'].some(isLoopbackHostname)).toBe(false);
  });
});

describe('file names from URLs', () => {
  const name = (url: string) => fileNameFromUrl(new URL(url));

  it('takes the decoded last path segment', () => {
    expect(name('https://download.microsoft.com/download/8/0/b/80b3/Exchange2019-KB5049233-x64-en.exe')).toBe('Exchange2019-KB5049233-x64-en.exe');
    expect(name('https://h/x/Exchange%20Server.iso?x=1')).toBe('Exchange Server.iso');
  });

  it('refuses names that escape the folder or that Windows cannot store', () => {
    for (const bad of [
      'https://h/',
      'https://h/x/..%2F..%2Fevil.exe',
      'https://h/a%5Cb.exe',
      'https://h/CON',
      'https://h/nul.txt',
      'https://h/x.exe.',
      'https://h/a%3Ab.exe',
      'https://h/x.exe.partial',
      'https://h/x.exe.manifest.json',
      'https://h/%E0%A4%A',
    ]) {
      expect(
        codeOf(() => name(bad)),
        bad,
      ).toBe('invalid-input');
    }
  });

  it('refuses Windows device names with any extension or trailing spaces: CONIN$, CONOUT$, COM0–9, LPT0–9', () => {
    for (const device of ['CONIN$', 'conout$', 'COM0', 'com9', 'LPT0', 'lpt9', 'COM¹']) {
      for (const bad of [device, `${device}.exe`, `${device}.tar.gz`, `${device} .exe`, `${device}.`, `${device} `]) {
        expect(
          codeOf(() => checkFileName(bad, 'The catalog')),
          bad,
        ).toBe('invalid-input');
      }
    }
    for (const fine of ['COM10.exe', 'LPT10.txt', 'CONSOLE.exe', 'conin.exe', 'Exchange2019-KB5049233-x64-en.exe']) expect(checkFileName(fine, 'The catalog')).toBe(fine);
  });

  it('refuses bidi, zero-width and control characters, and does not echo them', () => {
    for (const bad of ['Exchange\u202Eexe.msp', 'KB\u200B5049233.exe', 'KB\u2066x\u2069.exe', 'a\u0085b.exe', 'x\u00ADy.exe', 'x\uFEFF.exe', 'x\u0007.exe', 'x\u061C.exe']) {
      let message = '';
      try {
        checkFileName(bad, 'The catalog');
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, JSON.stringify(bad)).toMatch(/cannot be used/);
      // eslint-disable-next-line no-control-regex -- checking that none is echoed
      expect(message).not.toMatch(/[\u0000-\u001f\u0080-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/);
    }
  });

  it('knows which files carry an Authenticode signature', () => {
    expect(carriesAuthenticode('Exchange2019-KB1-x64-en.exe')).toBe(true);
    expect(carriesAuthenticode('Exchange2019-KB1-x64-en.MSP')).toBe(true);
    expect(carriesAuthenticode('ExchangeServer2019-x64-CU15.ISO')).toBe(false);
    expect(carriesAuthenticode('DEMO-x.bin')).toBe(false);
  });
});

describe('HTTP details', () => {
  it('parses Content-Range', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, total: null });
    expect(parseContentRange('bytes */1000')).toEqual({ start: null, end: null, total: 1000 });
    expect(parseContentRange('items 1-2/3')).toBeNull();
    expect(parseContentRange(null)).toBeNull();
  });

  it('sends a strong ETag as If-Range, else Last-Modified, never a weak ETag', () => {
    expect(ifRangeValue({ etag: '"abc"', lastModified: 'Mon' })).toBe('"abc"');
    expect(ifRangeValue({ etag: 'W/"abc"', lastModified: 'Mon' })).toBe('Mon');
    expect(ifRangeValue({ etag: 'W/"abc"', lastModified: null })).toBeNull();
    expect(ifRangeValue(null)).toBeNull();
  });

  it('sorts network errors: TLS and unknown names are final, dropped connections are retried', () => {
    const coded = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause });
    expect(classifyNetworkError(coded('ECONNRESET'), 'h')).toBeInstanceOf(TransientFailure);
    expect(classifyNetworkError(coded('UND_ERR_SOCKET'), 'h')).toBeInstanceOf(TransientFailure);
    expect((classifyNetworkError(coded('UND_ERR_BODY_TIMEOUT'), 'h') as Error).message).toMatch(/stopped sending/);
    expect(classifyNetworkError(coded('UND_ERR', coded('CERT_HAS_EXPIRED')), 'h')).toMatchObject({ code: 'tls' });
    expect(classifyNetworkError(coded('ENOTFOUND'), 'download.microsoft.com')).toMatchObject({ code: 'unreachable' });
    const other = new Error('something else');
    expect(classifyNetworkError(other, 'h')).toBe(other);
  });

  it('backs off exponentially with jitter, capped', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 10_000 };
    expect(backoffDelay(1, policy, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(4000);
    expect(backoffDelay(10, policy, () => 0.5)).toBe(10_000);
    expect(backoffDelay(1, policy, () => 0)).toBe(800);
    expect(backoffDelay(1, policy, () => 1)).toBe(1200);
  });
});

describe('ProgressMeter', () => {
  it('reports rate and ETA over a sliding window, throttled', () => {
    let now = 0;
    const seen: TransferProgress[] = [];
    const meter = new ProgressMeter(
      p => seen.push(p),
      () => now,
    );
    meter.update('downloading', 'x', 0, 10_000_000);
    for (let t = 1; t <= 20; t++) {
      now = t * 100;
      meter.update('downloading', 'x', t * 100_000, 10_000_000);
    }
    // 1 MB/s: 100 kB every 100 ms; reported at most every 250 ms.
    expect(seen.length).toBeLessThanOrEqual(9);
    const last = seen.at(-1)!;
    expect(last.bytesPerSecond).toBe(1_000_000);
    expect(last.etaSeconds).toBe(Math.round((10_000_000 - last.completed) / 1_000_000));
  });
});

describe('verificationSummary', () => {
  const manifest = (expectedSha256: string | null, checked: boolean, status: string): FileManifest => ({
    schemaVersion: 1,
    fileName: 'x.exe',
    updateId: null,
    sourceUrl: null,
    importedFrom: null,
    sizeBytes: 1,
    sha256: 'a'.repeat(64),
    expectedSha256,
    expectedSizeBytes: null,
    signature: { checked, status, signer: null, chainRoot: null },
    verifiedAt: '2026-11-26T00:00:00Z',
  });

  it('says verified only for what was compared', () => {
    expect(verificationSummary(manifest('a'.repeat(64), true, 'Valid')).level).toBe('hash-and-signature');
    expect(verificationSummary(manifest('a'.repeat(64), false, 'Not checked: linux')).level).toBe('hash');
    expect(verificationSummary(manifest(null, true, 'Valid')).level).toBe('signature');
    const none = verificationSummary(manifest(null, false, 'Not checked: linux'));
    expect(none.level).toBe('none');
    expect(none.text).toMatch(/^NOT verified/);
  });
});
