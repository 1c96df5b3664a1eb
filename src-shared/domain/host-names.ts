import { z } from 'zod';

/**
 * Validation of server names, wherever they come from.
 *
 * `validateHostName` checks what an admin types: a NetBIOS-style short name,
 * a DNS FQDN (RFC 1123 labels) or an IPv4 address; anything else is refused
 * with a sentence saying what is wrong, before it reaches discovery or
 * PowerShell. `ServerName` is the schema for names that arrive as data (EMS
 * and AD results, lab folders, collector ZIPs, IPC payloads, saved sessions):
 * the same characters plus "_" (legacy NetBIOS names), so a name can never
 * carry a quote, a control or bidi character, or be an object's special key.
 */
export interface HostNameCheck {
  input: string;
  valid: boolean;
  /** Lower-case, trimmed, without a trailing dot. */
  normalized: string | null;
  error: string | null;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** C0/C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** Bidi and invisible formatting characters: they make a name display as something it is not. */
const BIDI_OR_INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
/** Every character PowerShell or a shell reads as a quote, and backticks. */
const QUOTE = /['"`\u2018-\u201F]/;

/** Names that are special keys of JavaScript objects: never a server name. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** What is wrong with the characters of a name, in words that do not echo them; null when nothing. */
function characterProblem(text: string): string | null {
  if (CONTROL.test(text)) return 'A server name cannot contain control characters (such as line breaks or tabs).';
  if (BIDI_OR_INVISIBLE.test(text)) return 'A server name cannot contain invisible or right-to-left formatting characters.';
  if (QUOTE.test(text)) return 'A server name cannot contain quote characters or backticks.';
  return null;
}

export function validateHostName(input: string): HostNameCheck {
  const fail = (error: string): HostNameCheck => ({ input, valid: false, normalized: null, error });
  const trimmed = input.trim();
  if (trimmed === '') return fail('The name is empty.');
  const characters = characterProblem(trimmed);
  if (characters) return fail(characters);
  if (RESERVED_KEYS.has(trimmed.toLowerCase())) return fail(`"${trimmed}" is a reserved word, not a server name.`);
  if (/\s/.test(trimmed)) return fail('A server name cannot contain spaces.');
  const name = trimmed.toLowerCase().replace(/\.$/, '');
  if (IPV4.test(name)) return { input, valid: true, normalized: name, error: null };
  if (/^\d+(\.\d+)*$/.test(name)) return fail('This looks like an IP address but is not a valid IPv4 address.');
  if (name.length > 253) return fail('A DNS name is at most 253 characters long.');
  const labels = name.split('.');
  if (labels.length === 1 && name.length > 15) {
    return fail('A short (NetBIOS) server name is at most 15 characters; use the full DNS name instead.');
  }
  for (const label of labels) {
    if (label === '') return fail('The name has an empty part (two dots in a row, or a leading dot).');
    if (!LABEL.test(label)) {
      return fail(`"${label}" is not a valid DNS label: use letters, digits and hyphens, not starting or ending with a hyphen.`);
    }
  }
  return { input, valid: true, normalized: name, error: null };
}

/** Splits a typed list (commas, semicolons, spaces or new lines) into names. */
export function splitHostList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map(s => s.trim())
    .filter(s => s !== '');
}

const SERVER_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,252})$/;

/**
 * Why a name that arrived as data cannot be a server name, or null when it can:
 * letters, digits, "-", "_" and "." (an IPv4 address or a DNS name fits),
 * starting with a letter or digit, at most 253 characters.
 */
export function serverNameProblem(name: string): string | null {
  const characters = characterProblem(name);
  if (characters) return characters;
  if (RESERVED_KEYS.has(name.toLowerCase())) return 'A server name cannot be a reserved word (__proto__, constructor, prototype).';
  if (!SERVER_NAME.test(name)) return 'A server name has letters, digits, "-", "_" and "." only, starts with a letter or digit and is at most 253 characters long.';
  return null;
}

/** A server name as data: checked wherever one enters (IPC, session, discovery and collector results). */
export const ServerName = z.string().superRefine((name, ctx) => {
  const problem = serverNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * Splits items carrying a server name into the usable ones and one error per
 * refused name (the name itself is not echoed: it may hold bidi or control
 * characters). For results of discovery and imports, which come from servers
 * and files the wizard does not control.
 */
export function screenServerNames<T extends { name: string }>(items: readonly T[], from: string): { accepted: T[]; refused: Array<{ code: 'invalid-input'; message: string; fix: string }> } {
  const accepted: T[] = [];
  const refused: Array<{ code: 'invalid-input'; message: string; fix: string }> = [];
  for (const item of items) {
    const problem = serverNameProblem(item.name);
    if (problem === null) accepted.push(item);
    else
      refused.push({
        code: 'invalid-input',
        message: `${from} returned a server name the wizard cannot use (${JSON.stringify(item.name.replace(/[^\x20-\x7E]/g, '?'))}): ${problem}`,
        fix: 'Check the name of that server in Active Directory; a real Exchange server name never holds such characters.',
      });
  }
  return { accepted, refused };
}

/** A name as text safe to quote in a message: anything but printable ASCII shown as "?". */
function printable(text: string): string {
  return JSON.stringify(text.slice(0, 80).replace(/[^\x20-\x7E]/g, '?'));
}

/**
 * Why `fqdn` cannot be the DNS name of the server called `name`, or null when it can: a DNS name
 * by {@link validateHostName}'s rules (not an IP address) whose first label is the server's own
 * name. The FQDN is where files are staged and WinRM connects, so a name that arrived as data (a
 * collector ZIP, a scan file, the server's own answer) must not point at another host.
 */
export function fqdnProblem(fqdn: string, name: string): string | null {
  const check = validateHostName(fqdn);
  if (!check.valid || check.normalized === null) return `${printable(fqdn)} is not a DNS name: ${check.error ?? 'it is not valid'}`;
  if (IPV4.test(check.normalized) || !check.normalized.includes('.')) return `${printable(fqdn)} is not a full DNS name (host.domain)`;
  const short = name.trim().toLowerCase().replace(/\.$/, '').split('.')[0];
  if (check.normalized.split('.')[0] !== short) return `${printable(fqdn)} is not a name of ${printable(name)}: its first part must be the server's name`;
  return null;
}

/** The FQDN (trimmed) when it is one of the server's, else null ({@link fqdnProblem}). */
export function acceptedFqdn(fqdn: string | null | undefined, name: string): string | null {
  if (!fqdn || fqdnProblem(fqdn, name) !== null) return null;
  return fqdn.trim();
}
