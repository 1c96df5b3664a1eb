import { net } from 'electron';
import type { Readable } from 'node:stream';
import { AppError } from '../../src-shared/domain/errors';
import { requestHeaders, sortAnswer, type DownloadSource, type OpenedBody, type OpenedNothing, type SourceOptions } from '../engine/transfer/http-source';
import { classifyNetworkError, TransientFailure } from '../engine/transfer/network-errors';

const MAX_REDIRECTS = 5;

/**
 * Downloads through Chromium's network stack (Electron's `net`), as the desktop app does:
 * it trusts the Windows certificate store (an HTTPS-inspecting firewall's root deployed by
 * Group Policy), follows the system proxy including PAC/WPAD, and signs in to an
 * authenticating proxy with the admin's Windows account. Node's undici sees none of these.
 * The downloader around it (resume, hashing, allow-list, faults) is the same for both.
 */
export function electronNetSource(): DownloadSource {
  return { open: options => openWithNet(options) };
}

function openWithNet(options: SourceOptions): Promise<OpenedBody | OpenedNothing> {
  return new Promise((resolve, reject) => {
    const { signal } = options;
    let url = options.url;
    let hops = 0;
    let settled = false;
    // No cookies and no HTTP cache: the bytes must come from the server (Range, If-Range).
    const request = net.request({ method: 'GET', url: url.toString(), redirect: 'manual', useSessionCookies: false, cache: 'no-store' });
    for (const [name, value] of Object.entries(requestHeaders(options))) request.setHeader(name, value);

    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      cleanup();
      request.abort();
      reject(err);
    };
    const headersTimer = setTimeout(() => fail(new TransientFailure(`The server did not answer in time (${url.host})`)), options.headersTimeoutMs);
    const onAbort = () => fail(new AppError('cancelled', 'The download was cancelled.'));
    const cleanup = () => {
      clearTimeout(headersTimer);
      signal.removeEventListener('abort', onAbort);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });

    request.on('redirect', (_status: number, _method: string, location: string) => {
      // Electron follows a manual redirect only when told to, synchronously, here.
      try {
        if (++hops > MAX_REDIRECTS) throw new AppError('network', `The download was redirected more than ${MAX_REDIRECTS} times.`, { detail: options.url.toString() });
        url = options.checkRedirect(new URL(location, url).toString());
        request.followRedirect();
      } catch (err) {
        fail(err);
      }
    });
    request.on('response', response => {
      if (settled) return void (response as unknown as Readable).resume();
      settled = true;
      cleanup();
      const body = withBodyTimeout(response as unknown as Readable, options.bodyTimeoutMs, url.host);
      // Cancelling stops the body too (undici's signal does the same).
      const stopBody = () => body.destroy(new AppError('cancelled', 'The download was cancelled.'));
      signal.addEventListener('abort', stopBody, { once: true });
      body.once('close', () => signal.removeEventListener('abort', stopBody));
      sortAnswer({ statusCode: response.statusCode, headers: response.headers, body }, url, options.offset, async unused => void unused.destroy()).then(resolve, reject);
    });
    request.on('error', err => fail(classifyNetworkError(err, url.host)));
    request.end();
  });
}

/** A body that sends nothing for `ms` fails like a dropped connection (undici's bodyTimeout). */
function withBodyTimeout(body: Readable, ms: number, host: string): Readable {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => body.destroy(Object.assign(new Error(`The server stopped sending data (${host})`), { code: 'ETIMEDOUT' })), ms);
  };
  arm();
  body.on('data', arm);
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  body.once('end', stop);
  body.once('close', stop);
  body.once('error', stop);
  return body;
}
