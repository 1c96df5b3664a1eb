/**
 * Validation of server names an admin types in.
 *
 * Accepts a NetBIOS-style short name, a DNS FQDN (RFC 1123 labels) or an IPv4
 * address. Anything else is refused with a sentence saying what is wrong, before
 * it reaches discovery or PowerShell.
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

export function validateHostName(input: string): HostNameCheck {
  const fail = (error: string): HostNameCheck => ({ input, valid: false, normalized: null, error });
  const trimmed = input.trim();
  if (trimmed === '') return fail('The name is empty.');
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
