import { lookup, reverse } from 'node:dns/promises';

/** DNS answers that mean "no such name", as opposed to "DNS could not be asked". */
const NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);
const TIMEOUT_MS = 5000;

/** What DNS said: found (true), definitely not (false), or it could not be asked (null, with the code). */
export interface DnsAnswer {
  found: boolean | null;
  /** The IPv4 address (forward lookup) or the DNS name (reverse lookup). */
  value: string | null;
  error: string | null;
}

/** A reverse lookup: the PTR names of an address. Replaceable in tests. */
export type ReverseLookup = (address: string) => Promise<string[]>;

/** Whether a typed server name is an IPv4 address. */
export function isIpv4(name: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(name);
}

/** The IPv4 address of a name, from this computer's resolver. */
export function forwardLookup(name: string): Promise<DnsAnswer> {
  return ask(async () => (await lookup(name, { family: 4 })).address);
}

/**
 * The DNS name of an IPv4 address (its first PTR record, lower case, no trailing dot):
 * Kerberos, which the probe's WinRM and Exchange shell use, needs the server's name.
 */
export function reverseLookup(address: string, lookupPtr: ReverseLookup = reverse): Promise<DnsAnswer> {
  return ask(async () => {
    const [first] = await lookupPtr(address);
    if (!first) throw Object.assign(new Error('no PTR record'), { code: 'ENOTFOUND' });
    return first.toLowerCase().replace(/\.$/, '');
  });
}

async function ask(question: () => Promise<string>): Promise<DnsAnswer> {
  try {
    return { found: true, value: await withTimeout(question()), error: null };
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'ETIMEOUT';
    // Only a definite "no such name" counts as not found; anything else is unknown.
    return { found: NOT_FOUND.has(code) ? false : null, value: null, error: code };
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS did not answer in time'), { code: 'ETIMEOUT' })), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
