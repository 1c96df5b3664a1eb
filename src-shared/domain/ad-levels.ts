import { z } from 'zod';

/**
 * The Exchange levels of Active Directory as read from AD itself (discovery's LDAP search), not
 * guessed from the builds scanned. A value that could not be read is null; `error` says why.
 *
 * - schemaRangeUpper: rangeUpper of CN=ms-Exch-Schema-Version-Pt in the schema partition (/PrepareSchema);
 * - organisationObjectVersion: objectVersion of the Exchange organisation container in the
 *   configuration partition (/PrepareAD);
 * - domains: objectVersion of CN=Microsoft Exchange System Objects in each domain (/PrepareDomain,
 *   /PrepareAllDomains).
 */
export const ObservedAdLevels = z.object({
  schemaRangeUpper: z.number().int().nullable(),
  organisationObjectVersion: z.number().int().nullable(),
  domains: z.array(z.object({ name: z.string().min(1).max(255), objectVersion: z.number().int().nullable() })),
  /** ISO date-time of the read. */
  readAt: z.string(),
  /** Why some or all values are missing (no domain, access denied, …); null when everything was read. */
  error: z.string().nullable(),
});
export type ObservedAdLevels = z.infer<typeof ObservedAdLevels>;
