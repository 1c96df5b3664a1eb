import { z } from 'zod';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import { serverKey } from '../../../src-shared/domain/server-identity';

/*
 * Turns the msExchExchangeServer objects Find-ExchangeServersInAd.ps1 reads
 * from the AD configuration partition into discovered servers. Pure.
 */

export const AdServerEntry = z.object({
  name: z.string(),
  dn: z.string(),
  networkAddress: z.array(z.string()),
  /** e.g. "Version 15.2 (Build 31118.9)": the CU level as setup recorded it. */
  serialNumber: z.string(),
  versionNumber: z.number().nullable(),
  /** msExchCurrentServerRoles bit mask. */
  currentServerRoles: z.number().nullable(),
  /** DN of the AD site, e.g. "CN=HQ,CN=Sites,CN=Configuration,DC=contoso,DC=local". */
  site: z.string(),
});
export type AdServerEntry = z.infer<typeof AdServerEntry>;

const MAILBOX = 2;
const CLIENT_ACCESS = 4;
const EDGE = 64;

/**
 * Role names from msExchCurrentServerRoles. Exchange 2016 and later keep the
 * old Client Access/Hub bits set on Mailbox servers, so Mailbox wins; a
 * Client-Access-only server is Exchange 2013.
 */
export function rolesFromMask(mask: number | null): string[] {
  if (mask === null) return [];
  if (mask & EDGE) return ['Edge'];
  if (mask & MAILBOX) return ['Mailbox'];
  if (mask & CLIENT_ACCESS) return ['ClientAccess'];
  return [];
}

/** "ncacn_ip_tcp:ex01.contoso.local" is the server's DNS name. */
export function fqdnFromNetworkAddress(addresses: readonly string[]): string | null {
  for (const address of addresses) {
    const match = /^ncacn_ip_tcp:(.+)$/i.exec(address.trim());
    if (match?.[1]) return match[1].toLowerCase();
  }
  return null;
}

/** "CN=HQ,CN=Sites,..." → "HQ". */
export function siteFromDn(dn: string): string | null {
  const match = /^CN=((?:\\,|[^,])+),/i.exec(dn.trim());
  return match?.[1] ? match[1].replace(/\\,/g, ',') : null;
}

export function serversFromAdEntries(entries: readonly AdServerEntry[]): DiscoveredServer[] {
  const seen = new Set<string>();
  const servers: DiscoveredServer[] = [];
  for (const entry of entries) {
    const name = entry.name.trim();
    if (name === '' || seen.has(serverKey(name))) continue;
    seen.add(serverKey(name));
    const notes: string[] = [];
    const fqdn = fqdnFromNetworkAddress(entry.networkAddress);
    if (fqdn === null) notes.push('Active Directory has no DNS name for this server (networkAddress); the NetBIOS name is used.');
    servers.push({
      name,
      fqdn,
      versionHint: entry.serialNumber.trim() === '' ? null : entry.serialNumber.trim(),
      roles: rolesFromMask(entry.currentServerRoles),
      site: siteFromDn(entry.site),
      source: 'active-directory',
      notes,
    });
  }
  return servers.sort((a, b) => a.name.localeCompare(b.name));
}
