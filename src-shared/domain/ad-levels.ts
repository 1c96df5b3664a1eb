import { z } from 'zod';

/** A domain controller as discovery reads it from the configuration partition (its nTDSDSA object and computer). */
export const ObservedDomainController = z.object({
  /** DNS host name, else the server object's name. */
  name: z.string().min(1).max(255),
  /** The AD site it is in. */
  site: z.string().max(255).nullable(),
  /** operatingSystem of its computer object, e.g. "Windows Server 2019 Standard"; null = not read. */
  operatingSystem: z.string().max(255).nullable(),
  isGlobalCatalog: z.boolean().nullable(),
  isReadOnly: z.boolean().nullable(),
  /** Holds the schema master role (fSMORoleOwner of the schema partition). */
  isSchemaMaster: z.boolean(),
});
export type ObservedDomainController = z.infer<typeof ObservedDomainController>;

/**
 * The forest as Exchange 2019/SE Setup needs it (Learn, "Exchange Server system requirements"):
 * the forest functional level (msDS-Behavior-Version of CN=Partitions: 6 = Windows Server 2012 R2)
 * and every domain controller with its OS, site, global catalog and read-only flags. Null = not read.
 */
export const ObservedForest = z.object({
  functionalLevel: z.number().int().nullable(),
  domainControllers: z.array(ObservedDomainController).nullable(),
  /** Why some values are missing; null when everything was read. */
  error: z.string().nullable(),
});
export type ObservedForest = z.infer<typeof ObservedForest>;

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
  /** The forest level and domain controllers (absent: read by an older discovery). */
  forest: ObservedForest.nullable().optional(),
});
export type ObservedAdLevels = z.infer<typeof ObservedAdLevels>;
