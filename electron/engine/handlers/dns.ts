import { lookup } from 'node:dns/promises';
import { validateHostName } from '../../../src-shared/domain/host-names';
import type { EngineHandlers } from '../dispatch';

/** DNS answers that mean "no such name", as opposed to "DNS could not be asked". */
const NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);
const TIMEOUT_MS = 5000;

/**
 * Asks this computer's DNS whether each typed server name exists, so a misspelt name is said
 * plainly on the Discover step ("No server called X in DNS") instead of failing later as an
 * unreachable, critical server. An IPv4 address needs no lookup.
 */
export function createDnsHandlers(): Pick<EngineHandlers, 'resolveHostNames'> {
  return {
    async resolveHostNames({ names }) {
      const results = await Promise.all(
        names.map(async name => {
          const check = validateHostName(name);
          if (!check.valid || check.normalized === null) return { name, found: false as const, address: null, error: check.error };
          if (/^\d+\.\d+\.\d+\.\d+$/.test(check.normalized)) return { name, found: true as const, address: check.normalized, error: null };
          try {
            const answer = await withTimeout(lookup(check.normalized, { family: 4 }));
            return { name, found: true as const, address: answer.address, error: null };
          } catch (err) {
            const code = (err as { code?: string }).code ?? 'ETIMEOUT';
            // Only a definite "no such name" counts as not found; anything else is unknown.
            return { name, found: NOT_FOUND.has(code) ? (false as const) : null, address: null, error: code };
          }
        }),
      );
      return { results };
    },
  };
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS did not answer in time'), { code: 'ETIMEOUT' })), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
