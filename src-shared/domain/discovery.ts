import { z } from 'zod';
import { ServerName } from './host-names';

/**
 * What discovery knows about a server before it is probed: where the name came
 * from and what that source said about it. The probe's own answer
 * (`ServerFacts`) takes precedence once the server has been scanned.
 */
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
