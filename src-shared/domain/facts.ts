import { z } from 'zod';
import { ErrorCode } from './errors';

/**
 * The facts one probe run collects from one Exchange server.
 *
 * This is the contract between the PowerShell probes (which emit it as JSON)
 * and everything that reasons about a server (classifier, analyzer, planner,
 * report). Every value a probe could not read is `null`, never a guess: the
 * analyzer must be able to tell "false" from "unknown". A section that failed
 * as a whole records why in `sectionErrors`, so partial data is still usable.
 *
 * Bump {@link FACTS_SCHEMA_VERSION} on any incompatible change; the probe
 * scripts write the same number into `schemaVersion`.
 */
export const FACTS_SCHEMA_VERSION = 1;

const nullableString = z.string().nullable();
const nullableBool = z.boolean().nullable();
const nullableNumber = z.number().nullable();
/** ISO-8601 date-time text as the probes write it (UTC where known). */
const isoDateTime = z.string();

export const ServerIdentityFacts = z.object({
  name: z.string().min(1),
  fqdn: nullableString,
  domain: nullableString,
  site: nullableString,
  /** Exchange roles as Get-ExchangeServer reports them, e.g. ["Mailbox"], ["Edge"]. */
  roles: z.array(z.string()),
  edition: nullableString,
  /** Get-ExchangeServer AdminDisplayVersion: shows the CU only, never the SU. */
  adminDisplayVersion: nullableString,
  isEdge: z.boolean(),
});

export const InstalledUpdateFacts = z.object({
  packageName: z.string(),
  installedDate: nullableString,
});

export const ExchangeInstallFacts = z.object({
  /** ExSetup.exe FileVersion, e.g. "15.02.0986.005": the authoritative build including SU. */
  exSetupVersion: nullableString,
  installPath: nullableString,
  /** Packages under HKLM\SOFTWARE\Microsoft\Updates\Exchange 20xx. */
  installedUpdates: z.array(InstalledUpdateFacts),
});

export const ServiceStateFacts = z.object({
  name: z.string(),
  /** "Running", "Stopped", ... as Get-Service reports it. */
  status: z.string(),
  /** "Automatic", "Manual", "Disabled". */
  startType: z.string(),
});

export const OcsTestFacts = z.object({
  url: z.string(),
  /** HTTP status, null when no response was received. */
  statusCode: nullableNumber,
  /** Error text when the request failed (TLS, proxy, DNS, timeout...). */
  error: nullableString,
  /** Proxy the test used (InternetWebProxy), null for a direct connection. */
  proxy: nullableString,
  testedAt: isoDateTime,
});

export const MitigationEventFacts = z.object({
  timeCreated: isoDateTime,
  eventId: z.number(),
  message: z.string(),
});

export const EemsLogLineFacts = z.object({
  file: z.string(),
  line: z.string(),
});

export const EemsFacts = z.object({
  orgMitigationsEnabled: nullableBool,
  serverMitigationsEnabled: nullableBool,
  mitigationsApplied: z.array(z.string()),
  mitigationsBlocked: z.array(z.string()),
  dataCollectionEnabled: nullableBool,
  internetWebProxy: nullableString,
  /** MSExchangeMitigation; null when the service does not exist on the server. */
  service: ServiceStateFacts.nullable(),
  /** OCS reachability test run on the server itself; null when not run. */
  ocsTest: OcsTestFacts.nullable(),
  /** Application-log event 1008 from "MSExchange Mitigation Service", last 30 days, newest first. */
  events1008: z.array(MitigationEventFacts).nullable(),
  /** EEMS log lines about the certificate problem ("untrusted endpoint", "unknown issuer"). */
  certificateLogLines: z.array(EemsLogLineFacts).nullable(),
});

export const OsFacts = z.object({
  productName: nullableString,
  /** e.g. "10.0.17763" */
  version: nullableString,
  buildNumber: nullableNumber,
  ubr: nullableNumber,
  installationType: nullableString,
  lastBootUpTime: nullableString,
  /** OSLanguage LCID, relevant to known SU issues on non-English systems. */
  language: nullableNumber,
});

export const PrerequisiteFacts = z.object({
  /** HKLM\...\NDP\v4\Full Release DWORD (528040 = 4.8, 533320 = 4.8.1). */
  dotNetRelease: nullableNumber,
  /** Highest installed VC++ 2012 x64 version, e.g. "11.0.61030"; null when absent. */
  vcRedist2012: nullableString,
  vcRedist2013: nullableString,
  ucmaInstalled: nullableBool,
  ucmaVersion: nullableString,
  urlRewriteInstalled: nullableBool,
  urlRewriteVersion: nullableString,
});

export const RebootSource = z.enum([
  'PendingFileRenameOperations',
  'ComponentBasedServicing',
  'WindowsUpdateAutoUpdate',
  'UpdateExeVolatile',
  'ConfigMgrClient',
  /** HKLM\SOFTWARE\Microsoft\Updates\UpdateExeVolatile as a key with a Flags value (where Health Checker and SetupAssist look). */
  'UpdateExeVolatileFlags',
]);
export type RebootSource = z.infer<typeof RebootSource>;

export const RebootFacts = z.object({
  pending: z.boolean(),
  /** Which of the sources reported a pending reboot. */
  sources: z.array(RebootSource),
});

export const DiskFacts = z.object({
  /** Drive root, e.g. "C:". */
  drive: z.string(),
  freeBytes: z.number(),
  sizeBytes: z.number(),
  isSystem: z.boolean(),
  isExchangeInstall: z.boolean(),
});

export const CertificateFacts = z.object({
  thumbprint: z.string(),
  subject: z.string(),
  issuer: nullableString,
  /** Null when the certificate carries no expiry date that could be read: one such certificate must not lose the server's facts. */
  notAfter: isoDateTime.nullable(),
  notBefore: nullableString,
  /** The Exchange services it is assigned to ([] is none); null when not readable (without the Exchange tools): unknown, never "none". */
  services: z.array(z.string()).nullable(),
  isSelfSigned: nullableBool,
  /** Get-ExchangeCertificate Status: Valid, Invalid, Revoked, DateInvalid, Untrusted, ... */
  status: nullableString,
  keySize: nullableNumber,
  signatureAlgorithm: nullableString,
  isCurrentAuth: z.boolean(),
  isNextAuth: z.boolean(),
});

export const AuthCertificateFacts = z.object({
  currentThumbprint: nullableString,
  nextThumbprint: nullableString,
  nextEffectiveDate: nullableString,
  /** Whether the current Auth certificate exists on this server. */
  foundOnServer: z.boolean(),
  notAfter: nullableString,
});

export const ComponentStateFacts = z.object({
  component: z.string(),
  state: z.string(),
});

export const MaintenanceFacts = z.object({
  /** Components not Active (ForwardSyncDaemon and ProvisioningRps excluded). */
  inactiveComponents: z.array(ComponentStateFacts),
  dagName: nullableString,
  clusterNodeState: nullableString,
  databaseCopyAutoActivationPolicy: nullableString,
  databaseCopyActivationDisabledAndMoveNow: nullableBool,
});

export const TlsVersionFacts = z.object({
  version: z.enum(['1.0', '1.1', '1.2', '1.3']),
  serverEnabled: nullableBool,
  serverDisabledByDefault: nullableBool,
  clientEnabled: nullableBool,
  clientDisabledByDefault: nullableBool,
  /** Health Checker's summary: Enabled, Disabled, Misconfigured, HalfDisabled. */
  configuration: nullableString,
});

export const TlsFacts = z.object({
  versions: z.array(TlsVersionFacts),
  /** .NET v4 SystemDefaultTlsVersions / SchUseStrongCrypto (64-bit hive); null = not set. */
  netSystemDefaultTlsVersions: nullableBool,
  netSchUseStrongCrypto: nullableBool,
  /** The same two under WOW6432Node (32-bit .NET code); null = not set, absent = not collected (older probe). */
  netWowSystemDefaultTlsVersions: nullableBool.optional(),
  netWowSchUseStrongCrypto: nullableBool.optional(),
});

export const ExtendedProtectionFacts = z.object({
  /** Any Exchange virtual directory has extendedProtection tokenChecking other than None. */
  configured: nullableBool,
  /** Per-vdir values, e.g. { "Default Web Site/OWA": "Require" }. */
  perVirtualDirectory: z.record(z.string(), z.string()),
});

export const HttpProxyFacts = z.object({
  /** WinHTTP proxy server, null for a direct connection. */
  winHttpProxy: nullableString,
  /** The WinHTTP proxy of the 32-bit registry view (WOW6432Node); absent = not collected (older probe). */
  winHttpProxyWow6432: nullableString.optional(),
});

/**
 * Local security settings Health Checker reads that matter for the update and Extended Protection.
 */
export const LocalSecurityFacts = z.object({
  /** Exchange Trusted Subsystem is a member of the local Administrators group (S-1-5-32-544); null = could not be read. */
  exchangeTrustedSubsystemInAdministrators: nullableBool,
  /** HKLM\SYSTEM\CurrentControlSet\Control\Lsa LmCompatibilityLevel; null = not set (Windows then uses 3). */
  lmCompatibilityLevel: nullableNumber,
});

/** TCP/IP settings Health Checker reads (HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters). */
export const TcpIpFacts = z.object({
  /** KeepAliveTime in milliseconds; null = not set (Windows then waits 2 hours, 7,200,000 ms). */
  keepAliveTimeMs: nullableNumber,
});

/** A key under HKLM\SOFTWARE\Microsoft\ExchangeServer\v15 with a Watermark value: a Setup run stopped part-way there. */
export const SetupWatermarkFacts = z.object({
  /** The key below v15, e.g. "MailboxRole"; "" for v15 itself. */
  key: z.string(),
  /** The step Setup had reached, as it wrote it. */
  watermark: z.string(),
  /** The Action value beside it ("Install", "BuildToBuildUpgrade", ...); null when not set. */
  action: nullableString,
});

/** One Windows Installer product of Exchange and the file Windows Installer keeps of it (C:\Windows\Installer). */
export const InstallerPackageFacts = z.object({
  displayName: z.string(),
  /** The product's version, e.g. "15.2.1544.4": the build whose media holds the package. */
  displayVersion: nullableString,
  /** The cached .msi Windows Installer needs to change or remove the product; null when not recorded. */
  localPackage: nullableString,
  /** Whether that file exists; null when it could not be checked. */
  found: nullableBool,
});

/** Execution policy by scope as Get-ExecutionPolicy -List reports it ("Undefined" when not set). */
export const ExecutionPolicyFacts = z.object({
  /** Set by Group Policy for the computer. */
  machinePolicy: nullableString,
  /** Set by Group Policy for the user the wizard connects as. */
  userPolicy: nullableString,
  /** What applies (Get-ExecutionPolicy). */
  effective: nullableString,
});

/** The account the wizard connects to the server as (the best evidence of the account that will run Setup). */
export const SetupAccountFacts = z.object({
  name: nullableString,
  /** Group names of the logon token (whoami /groups), so a membership added after logon is not in it. */
  groups: z.array(z.string()),
  /** Schema Admins (RID 518) in the token; null = the groups could not be read. */
  schemaAdmins: nullableBool,
  /** Enterprise Admins (RID 519). */
  enterpriseAdmins: nullableBool,
  /** The Exchange role group Organization Management. */
  organizationManagement: nullableBool,
  /** BUILTIN\Administrators (S-1-5-32-544) on the server. */
  localAdministrators: nullableBool,
});

/** An arbitration mailbox whose database no longer exists (Setup fails on it for the Mailbox role). */
export const OrphanedMailboxFacts = z.object({
  name: z.string(),
  /** The database it names; null when none. */
  database: nullableString,
});

/**
 * What Exchange Setup (and Microsoft's SetupAssist) checks right before a run, read-only: each
 * field null when it could not be read.
 */
export const PreflightFacts = z.object({
  watermarks: z.array(SetupWatermarkFacts).nullable(),
  installerPackages: z.array(InstallerPackageFacts).nullable(),
  executionPolicy: ExecutionPolicyFacts.nullable(),
  /** The language mode PowerShell gave the wizard's session on the server: FullLanguage, ConstrainedLanguage, ... */
  languageMode: nullableString,
  /** Exchange services (MSExchange*, FMS, HostControllerService) set to Disabled. */
  disabledExchangeServices: z.array(ServiceStateFacts).nullable(),
  /** RemoteRegistry, MSDTC and MpsSvc (Windows Firewall); status "NotFound" when the service does not exist. */
  supportServices: z.array(ServiceStateFacts).nullable(),
  account: SetupAccountFacts.nullable(),
  /** Arbitration mailboxes whose database is gone; null when not read (Edge, or the Exchange shell failed). */
  orphanedArbitrationMailboxes: z.array(OrphanedMailboxFacts).nullable(),
});

/**
 * Where the public-folder hierarchy lives: Get-OrganizationConfig's RootPublicFolderMailbox, then
 * Get-Mailbox -PublicFolder for that mailbox. Extended Protection must not be turned on while it is
 * on Exchange 2016 CU22 / 2019 CU11 or older (Learn, "Configure Windows Extended Protection").
 */
export const PublicFolderHierarchyFacts = z.object({
  /** HierarchyMailboxGuid; null = the empty GUID: the organisation has no public folders. */
  hierarchyMailboxGuid: nullableString,
  /** The hierarchy mailbox's name; null = not read (or no public folders). */
  mailbox: nullableString,
  /** Its database; null = not read. */
  database: nullableString,
  /** The server the mailbox is on (Get-Mailbox's ServerName); null = not read. */
  server: nullableString,
});

/**
 * Outlook Anywhere (the "RPC (Default Web Site)" virtual directory) of this server, from
 * Get-OutlookAnywhere -Server. Extended Protection is not supported with SSL offloading (Learn,
 * "Configure Windows Extended Protection in Exchange Server"), and Microsoft's
 * ExchangeExtendedProtectionManagement.ps1 refuses a server whose SSLOffloading is true.
 */
export const OutlookAnywhereFacts = z.object({
  /** "EX01\\Rpc (Default Web Site)"; null = not read. */
  identity: nullableString,
  /** SSLOffloading; null = not read. */
  sslOffloading: nullableBool,
  internalClientsRequireSsl: nullableBool,
  externalClientsRequireSsl: nullableBool,
});

/** Get-HybridConfiguration: the object the Hybrid Configuration Wizard leaves on-premises. */
export const HybridConfigurationFacts = z.object({
  domains: z.array(z.string()),
  sendingTransportServers: z.array(z.string()),
  receivingTransportServers: z.array(z.string()),
  onPremisesSmartHost: nullableString,
  /** The certificate Exchange Online expects of on-premises mail ("<I>issuer<S>subject"); null = none. */
  tlsCertificateName: nullableString,
});

/** A send connector as hybrid detection reads it (Get-SendConnector). */
export const SendConnectorFacts = z.object({
  name: z.string(),
  enabled: nullableBool,
  /** Address spaces as text, e.g. "SMTP:contoso.mail.onmicrosoft.com;1". */
  addressSpaces: z.array(z.string()),
  smartHosts: z.array(z.string()),
  /** Set by the Hybrid Configuration Wizard (and for relaying through Microsoft 365). */
  cloudServicesMailEnabled: nullableBool,
  sourceTransportServers: z.array(z.string()),
});

/**
 * Facts of the organisation, not of the server, read through this server's Exchange shell: every
 * Mailbox server reads the same, and the assessment keeps the first that was read. Each part null
 * = could not be read; an empty list = read, none.
 */
export const OrganisationFacts = z.object({
  publicFolderHierarchy: PublicFolderHierarchyFacts.nullable(),
  hybridConfigurations: z.array(HybridConfigurationFacts).nullable(),
  sendConnectors: z.array(SendConnectorFacts).nullable(),
});

export const SectionError = z.object({
  /** Which part of the probe failed, e.g. "tls", "certificates"; "exchange-shell" and "winrm" are the two connections. */
  section: z.string(),
  message: z.string(),
  /** Set on connection failures: why the channel could not be used (access-denied, winrm-unreachable, ems-missing, ...). */
  code: ErrorCode.optional(),
});
export type SectionError = z.infer<typeof SectionError>;

export const ServerFacts = z.object({
  schemaVersion: z.literal(FACTS_SCHEMA_VERSION),
  collectedAt: isoDateTime,
  /** How the facts were collected: "remote", "lab", "offline-collector", "demo". */
  collectionMethod: z.string(),
  identity: ServerIdentityFacts,
  exchange: ExchangeInstallFacts,
  eems: EemsFacts,
  os: OsFacts,
  prerequisites: PrerequisiteFacts,
  reboot: RebootFacts.nullable(),
  disks: z.array(DiskFacts),
  certificates: z.array(CertificateFacts).nullable(),
  authCertificate: AuthCertificateFacts.nullable(),
  maintenance: MaintenanceFacts.nullable(),
  tls: TlsFacts.nullable(),
  extendedProtection: ExtendedProtectionFacts.nullable(),
  httpProxy: HttpProxyFacts.nullable(),
  /** Services from Health Checker's critical and common lists that are not running. */
  servicesNotRunning: z.array(ServiceStateFacts).nullable(),
  /** Null = the section failed; absent = not collected (older probe or collector). */
  localSecurity: LocalSecurityFacts.nullable().optional(),
  /** Null = the section failed; absent = not collected (older probe or collector). */
  tcpIp: TcpIpFacts.nullable().optional(),
  /** Setup's pre-flight checks. Null = the section failed; absent = not collected (older probe or collector). */
  preflight: PreflightFacts.nullable().optional(),
  /** Outlook Anywhere of this server. Null = not collected (Edge) or the section failed; absent = an older probe or collector. */
  outlookAnywhere: OutlookAnywhereFacts.nullable().optional(),
  /** Organisation-wide facts (public folders, hybrid). Null = not collected (Edge) or the section failed; absent = an older probe or collector. */
  organisation: OrganisationFacts.nullable().optional(),
  sectionErrors: z.array(SectionError),
});
export type ServerFacts = z.infer<typeof ServerFacts>;
export type EemsFacts = z.infer<typeof EemsFacts>;
export type OcsTestFacts = z.infer<typeof OcsTestFacts>;
export type DiskFacts = z.infer<typeof DiskFacts>;
export type CertificateFacts = z.infer<typeof CertificateFacts>;
export type TlsFacts = z.infer<typeof TlsFacts>;
export type MaintenanceFacts = z.infer<typeof MaintenanceFacts>;
export type PrerequisiteFacts = z.infer<typeof PrerequisiteFacts>;
export type LocalSecurityFacts = z.infer<typeof LocalSecurityFacts>;
export type TcpIpFacts = z.infer<typeof TcpIpFacts>;
export type PreflightFacts = z.infer<typeof PreflightFacts>;
export type OrganisationFacts = z.infer<typeof OrganisationFacts>;
export type OutlookAnywhereFacts = z.infer<typeof OutlookAnywhereFacts>;
export type PublicFolderHierarchyFacts = z.infer<typeof PublicFolderHierarchyFacts>;
export type HybridConfigurationFacts = z.infer<typeof HybridConfigurationFacts>;
export type SendConnectorFacts = z.infer<typeof SendConnectorFacts>;
