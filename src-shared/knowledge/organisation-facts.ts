import { z } from 'zod';
import type { OrganisationFacts, SendConnectorFacts, ServerFacts } from '../domain/facts';

/**
 * How the admin reads where the public-folder hierarchy lives when the scan could not (nothing
 * printed: no public folders). A `commands` list, so the Windows PowerShell 5.1 check reads it.
 */
export const READ_PUBLIC_FOLDER_HIERARCHY = {
  commands: [
    'Get-Mailbox -PublicFolder -Identity (Get-OrganizationConfig).RootPublicFolderMailbox.HierarchyMailboxGuid.ToString() -ErrorAction SilentlyContinue | Format-List Name, Database, ServerName',
  ],
} as const;

/** How the admin reads whether the organisation is hybrid when the scan could not. */
export const READ_HYBRID = {
  commands: [
    'Get-HybridConfiguration | Format-List Domains, SendingTransportServers, ReceivingTransportServers, TlsCertificateName',
    "Get-SendConnector | Where-Object { $_.CloudServicesMailEnabled -or $_.SmartHosts -like '*mail.protection.outlook.com*' -or $_.AddressSpaces -like '*mail.onmicrosoft.com*' } | Format-List Name, SourceTransportServers, AddressSpaces, SmartHosts",
  ],
} as const;

/**
 * Where the organisation's public-folder hierarchy mailbox is: on a server (`server` names it as
 * Exchange does, e.g. "ex02"), nowhere (no public folders), or not known (`unknownWhy` says why).
 */
export const ObservedPublicFolderHierarchy = z.object({
  state: z.enum(['on-server', 'none', 'unknown']),
  server: z.string().nullable(),
  mailbox: z.string().nullable(),
  database: z.string().nullable(),
  unknownWhy: z.string().nullable(),
});
export type ObservedPublicFolderHierarchy = z.infer<typeof ObservedPublicFolderHierarchy>;

/**
 * Whether the organisation is hybrid with Exchange Online, from what on-premises Exchange shows: a
 * hybrid configuration (the Hybrid Configuration Wizard's object) or a send connector to Exchange
 * Online. True with the evidence; false when both were read and show neither; null when not known.
 */
export const ObservedHybrid = z.object({
  hybrid: z.boolean().nullable(),
  /** What shows it, one line per object ("Get-HybridConfiguration: …", "send connector …"). */
  evidence: z.array(z.string()),
  /** The hybrid configuration's TlsCertificateName: the certificate Exchange Online expects of on-premises mail. */
  tlsCertificateName: z.string().nullable(),
  /** Servers the hybrid configuration and the connectors to Exchange Online name (the ones a migration replaces there). */
  transportServers: z.array(z.string()),
  unknownWhy: z.string().nullable(),
});
export type ObservedHybrid = z.infer<typeof ObservedHybrid>;

/** The organisation-wide facts the assessment keeps (ScanReport.organisation). */
export const ObservedOrganisation = z.object({
  publicFolderHierarchy: ObservedPublicFolderHierarchy,
  hybrid: ObservedHybrid,
});
export type ObservedOrganisation = z.infer<typeof ObservedOrganisation>;

type Part = keyof OrganisationFacts;

/** The first server's value of a part that was read (every Mailbox server reads the same organisation). */
function firstRead<K extends Part>(facts: readonly (ServerFacts | null)[], part: K): { value: NonNullable<OrganisationFacts[K]> } | { value: null; why: string } {
  for (const f of facts) {
    const value = f?.organisation?.[part];
    if (value !== null && value !== undefined) return { value: value as NonNullable<OrganisationFacts[K]> };
  }
  const errors = facts.flatMap(f =>
    (f?.sectionErrors ?? []).filter(e => e.section === SECTION_OF[part] || (part === 'publicFolderHierarchy' && e.section === 'organization')).map(e => `${f?.identity.name ?? '?'}: ${e.message}`),
  );
  const why = errors.length > 0 ? `the scan could not read it (${errors[0]})` : "no Mailbox server's Exchange Management Shell answered the scan (or the scan predates this check)";
  return { value: null, why };
}

const SECTION_OF: Record<Part, string> = { publicFolderHierarchy: 'public-folders', hybridConfigurations: 'hybrid-configuration', sendConnectors: 'send-connectors' };

/** A send connector's address space without its type and cost ("smtp:contoso.mail.onmicrosoft.com;1" → the domain). */
function addressSpaceDomain(space: string): string {
  return space
    .replace(/^[a-z0-9]+:/i, '')
    .replace(/;\d+$/, '')
    .trim();
}

/**
 * Whether a send connector sends to Exchange Online: the Hybrid Configuration Wizard's
 * CloudServicesMailEnabled, a smart host of Exchange Online Protection (*.mail.protection.outlook.com)
 * or an address space of the tenant's routing domain (*.mail.onmicrosoft.com).
 */
export function sendsToExchangeOnline(connector: SendConnectorFacts): boolean {
  if (connector.cloudServicesMailEnabled === true) return true;
  if (connector.smartHosts.some(h => /\.mail\.protection\.outlook\.com\.?$/i.test(h.trim()))) return true;
  return connector.addressSpaces.some(a => /(^|\.)mail\.onmicrosoft\.com$/i.test(addressSpaceDomain(a)));
}

/**
 * The organisation as the scan saw it, from every server's facts (the first server that read a
 * part gives it): where the public-folder hierarchy is and whether the organisation is hybrid.
 */
export function observeOrganisation(facts: readonly (ServerFacts | null)[]): ObservedOrganisation {
  return { publicFolderHierarchy: observeHierarchy(facts), hybrid: observeHybrid(facts) };
}

function observeHierarchy(facts: readonly (ServerFacts | null)[]): ObservedPublicFolderHierarchy {
  const read = firstRead(facts, 'publicFolderHierarchy');
  if (read.value === null) return { state: 'unknown', server: null, mailbox: null, database: null, unknownWhy: read.why };
  const h = read.value;
  if (h.hierarchyMailboxGuid === null) return { state: 'none', server: null, mailbox: null, database: null, unknownWhy: null };
  if (h.server === null)
    return {
      state: 'unknown',
      server: null,
      mailbox: h.mailbox,
      database: h.database,
      unknownWhy: `the hierarchy mailbox ${h.mailbox ?? h.hierarchyMailboxGuid} was found, but not the server it is on`,
    };
  return { state: 'on-server', server: h.server, mailbox: h.mailbox, database: h.database, unknownWhy: null };
}

function observeHybrid(facts: readonly (ServerFacts | null)[]): ObservedHybrid {
  const configurations = firstRead(facts, 'hybridConfigurations');
  const connectors = firstRead(facts, 'sendConnectors');
  const evidence: string[] = [];
  const servers = new Set<string>();
  let tlsCertificateName: string | null = null;
  for (const c of configurations.value ?? []) {
    evidence.push(
      `Get-HybridConfiguration: domains ${c.domains.join(', ') || '(none)'}, sending ${c.sendingTransportServers.join(', ') || '(none)'}, receiving ${c.receivingTransportServers.join(', ') || '(none)'}`,
    );
    for (const s of [...c.sendingTransportServers, ...c.receivingTransportServers]) servers.add(s);
    tlsCertificateName ??= c.tlsCertificateName;
  }
  for (const c of (connectors.value ?? []).filter(sendsToExchangeOnline)) {
    const to = [...c.smartHosts, ...c.addressSpaces.map(addressSpaceDomain)].filter(t => t !== '*').join(', ') || 'Exchange Online';
    evidence.push(`send connector "${c.name}" to ${to}${c.cloudServicesMailEnabled === true ? ' (CloudServicesMailEnabled)' : ''}, from ${c.sourceTransportServers.join(', ') || '(no server)'}`);
    for (const s of c.sourceTransportServers) servers.add(s);
  }
  const whys = [configurations, connectors].flatMap(r => (r.value === null ? [r.why] : []));
  const hybrid = evidence.length > 0 ? true : whys.length === 0 ? false : null;
  return { hybrid, evidence, tlsCertificateName, transportServers: [...servers], unknownWhy: hybrid === null ? whys.join('; ') : null };
}

/** The scanned server a name from Exchange (e.g. Get-Mailbox's lower-case ServerName, or an FQDN) means, else the name as given. */
export function scannedServerName(name: string, scanned: readonly string[]): string {
  const short = name.split('.')[0]?.toLowerCase() ?? name.toLowerCase();
  return scanned.find(s => s.toLowerCase() === name.toLowerCase() || s.split('.')[0]?.toLowerCase() === short) ?? name;
}
