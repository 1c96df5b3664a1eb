import { z } from 'zod';
import { AppErrorShape } from './errors';
import { ServerName } from './host-names';
import { ServerFacts } from './facts';
import { BuildClassification, OrganisationPlan, ServerPlan } from '../knowledge/types';
import { EemsVerdict, Finding, Severity } from '../analysis/types';

/**
 * What a scan produces: one result per server plus an organisation summary.
 *
 * `exwiz scan --json`, the wizard's Health step and the report all use this
 * shape; bump SCAN_REPORT_SCHEMA_VERSION on incompatible changes.
 */
export const SCAN_REPORT_SCHEMA_VERSION = 1;

export const DiscoverySource = z.enum(['demo', 'lab', 'active-directory', 'exchange-shell', 'manual', 'https-fingerprint', 'offline-collector']);
export type DiscoverySource = z.infer<typeof DiscoverySource>;

export const DiscoveredServer = z.object({
  name: ServerName,
  fqdn: z.string().nullable(),
  /** Version text from discovery (AD serialNumber, AdminDisplayVersion, X-OWA-Version...). */
  versionHint: z.string().nullable(),
  roles: z.array(z.string()),
  site: z.string().nullable(),
  source: DiscoverySource,
  /** Where discovery could not fully describe the server, e.g. certificate error on the HTTPS fingerprint. */
  notes: z.array(z.string()),
});
export type DiscoveredServer = z.infer<typeof DiscoveredServer>;

export const ServerScanResult = z.object({
  name: ServerName,
  fqdn: z.string().nullable(),
  source: DiscoverySource,
  reachable: z.boolean(),
  /** Why the server could not be probed (or only partly), with the fix. */
  error: AppErrorShape.nullable(),
  /** Normalised a.b.c.d, null when unknown. */
  build: z.string().nullable(),
  product: z.string().nullable(),
  cu: z.string().nullable(),
  update: z.string().nullable(),
  roles: z.array(z.string()),
  /** Version text discovery found (AD, Exchange shell, HTTPS): classifies a server that could not be probed. */
  versionHint: z.string().nullable().optional(),
  facts: ServerFacts.nullable(),
  classification: BuildClassification.nullable(),
  findings: z.array(Finding),
  eems: EemsVerdict.nullable(),
  plan: ServerPlan.nullable(),
  /** Worst finding severity, "critical" for unreachable servers. */
  severity: Severity,
  durationMs: z.number(),
});
export type ServerScanResult = z.infer<typeof ServerScanResult>;

export const OrganisationSummary = z.object({
  serverCount: z.number(),
  unreachableCount: z.number(),
  bySeverity: z.record(Severity, z.number()),
  /** Servers whose EEMS is blocked by a certificate cut-off, worst first. */
  blockedByCertificate: z.array(z.object({ name: z.string(), cutoff: z.string().nullable(), build: z.string().nullable() })),
  /** All server names ordered worst first. */
  worstFirst: z.array(z.string()),
});
export type OrganisationSummary = z.infer<typeof OrganisationSummary>;

export const ScanReport = z.object({
  schemaVersion: z.literal(SCAN_REPORT_SCHEMA_VERSION),
  generatedAt: z.string(),
  /** "demo", "lab:<dir>", "servers", ... */
  source: z.string(),
  organisationHasEsu: z.boolean(),
  catalogAsOf: z.string(),
  servers: z.array(ServerScanResult),
  summary: OrganisationSummary,
  plan: OrganisationPlan.nullable(),
});
export type ScanReport = z.infer<typeof ScanReport>;
