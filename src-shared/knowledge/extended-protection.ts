import { z } from 'zod';
import type { CuRecord } from './catalog-schema';
import type { StepPrerequisite } from './prerequisites';
import type { CatalogIndex } from './catalog-index';
import type { ServerFacts } from '../domain/facts';
import { tlsConfiguration } from '../domain/tls-configuration';
import { psQuote } from '../domain/powershell-quote';

/** Setup switches that keep Extended Protection off (all virtual directories, or front-end EWS only). */
export const DO_NOT_ENABLE_EP = '/DoNotEnableEP' as const;
export const DO_NOT_ENABLE_EP_FEEWS = '/DoNotEnableEP_FEEWS' as const;

/**
 * The admin's choice for a Setup that turns Extended Protection on: let it (the default), keep it
 * off everywhere (`/DoNotEnableEP`), or keep it off only on the front-end EWS virtual directory
 * (`/DoNotEnableEP_FEEWS`, for the Hybrid Agent).
 */
export const ExtendedProtectionChoice = z.enum(['enable', 'keep-off', 'keep-off-front-end-ews']);
export type ExtendedProtectionChoice = z.infer<typeof ExtendedProtectionChoice>;

/** What the server shows about Extended Protection and the TLS settings it needs (PlanInput.extendedProtection). */
export const ExtendedProtectionState = z.object({
  /** Virtual directories whose Extended Protection is weaker than Learn's table asks ("Default Web Site/OWA: None, Require expected"); null = not read. */
  belowRecommended: z.array(z.string()).nullable(),
  /** Why the server's TLS settings are not what Extended Protection needs; empty = fine; null = not read. */
  tlsProblems: z.array(z.string()).nullable(),
  /** TLS versions enabled for client and server (compared across the organisation's servers); null = not read. */
  tlsVersionsEnabled: z.array(z.string()).nullable(),
  /** LmCompatibilityLevel; null = not set (Windows uses 3) or not read. */
  lmCompatibilityLevel: z.number().nullable(),
  /** Outlook Anywhere's SSLOffloading on this server; null = not read (sslOffloadingUnknownWhy says why); absent = an older input. */
  sslOffloading: z.boolean().nullable().optional(),
  /** Why SSLOffloading was not read; null when it was. */
  sslOffloadingUnknownWhy: z.string().nullable().optional(),
});
export type ExtendedProtectionState = z.infer<typeof ExtendedProtectionState>;

type Token = 'None' | 'Allow' | 'Require';

/**
 * Learn's table of the Extended Protection each Exchange virtual directory gets (the values
 * ExchangeExtendedProtectionManagement.ps1 and Setup set): Require on most, Allow on the front-end
 * EWS, ActiveSync and OAB, None on Autodiscover and the front-end PowerShell.
 */
const RECOMMENDED: Record<string, Token> = {
  'default web site/api': 'Require',
  'default web site/autodiscover': 'None',
  'default web site/ecp': 'Require',
  'default web site/ews': 'Allow',
  'default web site/microsoft-server-activesync': 'Allow',
  'default web site/microsoft-server-activesync/proxy': 'Allow',
  'default web site/oab': 'Allow',
  'default web site/powershell': 'None',
  'default web site/owa': 'Require',
  'default web site/rpc': 'Require',
  'default web site/mapi': 'Require',
  'exchange back end/api': 'Require',
  'exchange back end/autodiscover': 'None',
  'exchange back end/ecp': 'Require',
  'exchange back end/ews': 'Require',
  'exchange back end/microsoft-server-activesync': 'Require',
  'exchange back end/microsoft-server-activesync/proxy': 'Require',
  'exchange back end/oab': 'Require',
  'exchange back end/powershell': 'Require',
  'exchange back end/owa': 'Require',
  'exchange back end/rpc': 'Require',
  'exchange back end/pushnotifications': 'Require',
  'exchange back end/rpcwithcert': 'Require',
  'exchange back end/mapi/emsmdb': 'Require',
  'exchange back end/mapi/nspi': 'Require',
};
const STRENGTH: Record<Token, number> = { None: 0, Allow: 1, Require: 2 };

/**
 * The virtual directories whose tokenChecking is weaker than Learn's table: Require where Require
 * is expected, Allow or Require where Allow is; a directory the table leaves at None is never
 * below. Directories the table does not list are not judged.
 */
export function virtualDirectoriesBelowRecommended(perVirtualDirectory: Readonly<Record<string, string>>): string[] {
  const below: string[] = [];
  for (const [path, value] of Object.entries(perVirtualDirectory)) {
    const expected = RECOMMENDED[path.toLowerCase().replace(/\/+$/, '')];
    if (!expected) continue;
    const actual = (['None', 'Allow', 'Require'] as const).find(t => t.toLowerCase() === value.trim().toLowerCase()) ?? 'None';
    if (STRENGTH[actual] < STRENGTH[expected]) below.push(`${path}: ${actual}, ${expected} expected`);
  }
  return below;
}

/** The server's Extended Protection state from its facts; null parts were not read. */
export function extendedProtectionState(
  facts: Pick<ServerFacts, 'extendedProtection' | 'tls' | 'localSecurity' | 'outlookAnywhere'> & Partial<Pick<ServerFacts, 'sectionErrors'>>,
): ExtendedProtectionState {
  const ep = facts.extendedProtection;
  const tls = facts.tls;
  let tlsProblems: string[] | null = null;
  let enabled: string[] | null = null;
  if (tls) {
    tlsProblems = [];
    enabled = [];
    for (const v of tls.versions) {
      const state = tlsConfiguration(v);
      if (state === 'Misconfigured') tlsProblems.push(`TLS ${v.version} is set differently for client and server`);
      if (state === 'Half Disabled') tlsProblems.push(`TLS ${v.version} is half disabled`);
      if (v.version === '1.2' && state !== 'Enabled') tlsProblems.push('TLS 1.2 is not enabled for client and server');
      if (state === 'Enabled') enabled.push(v.version);
    }
    const values: Array<[string, boolean | null | undefined]> = [
      ['SchUseStrongCrypto', tls.netSchUseStrongCrypto],
      ['SystemDefaultTlsVersions', tls.netSystemDefaultTlsVersions],
      ['SchUseStrongCrypto (WOW6432Node)', tls.netWowSchUseStrongCrypto],
      ['SystemDefaultTlsVersions (WOW6432Node)', tls.netWowSystemDefaultTlsVersions],
    ];
    // The WOW6432Node values count only where the probe read them (undefined: an older probe).
    for (const [name, value] of values) if (value !== undefined && value !== true) tlsProblems.push(`${name} is ${value === null ? 'not set' : '0'}, 1 expected`);
  }
  return {
    belowRecommended: ep && ep.configured !== null ? virtualDirectoriesBelowRecommended(ep.perVirtualDirectory) : null,
    tlsProblems,
    tlsVersionsEnabled: enabled,
    lmCompatibilityLevel: facts.localSecurity?.lmCompatibilityLevel ?? null,
    ...sslOffloadingFact(facts),
  };
}

/** Outlook Anywhere's SSLOffloading as the scan read it, or why it was not read. */
function sslOffloadingFact(facts: Pick<ServerFacts, 'outlookAnywhere'> & Partial<Pick<ServerFacts, 'sectionErrors'>>): { sslOffloading: boolean | null; sslOffloadingUnknownWhy: string | null } {
  const value = facts.outlookAnywhere?.sslOffloading ?? null;
  if (value !== null) return { sslOffloading: value, sslOffloadingUnknownWhy: null };
  const error = (facts.sectionErrors ?? []).find(e => e.section === OUTLOOK_ANYWHERE_SECTION || e.section === 'exchange-shell');
  const why =
    facts.outlookAnywhere === undefined
      ? 'the scan predates this check (an older probe or collector)'
      : error
        ? `the scan could not read it (${error.message})`
        : facts.outlookAnywhere === null
          ? 'the scan could not read Outlook Anywhere'
          : 'Get-OutlookAnywhere showed no SSLOffloading value';
  return { sslOffloading: null, sslOffloadingUnknownWhy: why };
}

/** The probe's section error name for Outlook Anywhere (sections.json). */
export const OUTLOOK_ANYWHERE_SECTION = 'outlook-anywhere';

/** How the admin reads Outlook Anywhere's SSL offloading on a server (Exchange Management Shell). */
export function readSslOffloadingCommands(server: string): string[] {
  // Named `commands` so the Windows PowerShell 5.1 check (scripts/ps51-check.mjs) reads them.
  const commands = [`Get-OutlookAnywhere -Server ${psQuote(server)} | Format-List Identity, SSLOffloading, InternalClientsRequireSsl, ExternalClientsRequireSsl`];
  return commands;
}

/**
 * Turns Outlook Anywhere's SSL offloading off on a server, as ExchangeExtendedProtectionManagement.ps1
 * asks before it configures Extended Protection, then reads it back (Exchange Management Shell).
 */
export function turnOffSslOffloadingCommands(server: string): string[] {
  const commands = [
    `Set-OutlookAnywhere -Identity ${psQuote(`${server}\\Rpc (Default Web Site)`)} -SSLOffloading $false -InternalClientsRequireSsl $true -ExternalClientsRequireSsl $true`,
    ...readSslOffloadingCommands(server),
  ];
  return commands;
}

/** The prerequisite id of a Setup that turns Extended Protection on while Outlook Anywhere may offload SSL. */
export const SSL_OFFLOADING_PREREQUISITE = 'ssl-offloading';

/**
 * Outlook Anywhere must not offload SSL when Extended Protection is turned on: Learn ("Configure
 * Windows Extended Protection in Exchange Server") says Extended Protection isn't supported with SSL
 * offloading, SSL bridging only with the same certificate on the load balancer and Exchange, and
 * the 2019 CU14 (or later) installer turns Outlook Anywhere's SSL offloading off itself. So a
 * server that shows SSLOffloading True is either behind a load balancer that ends TLS (clients stop
 * connecting once Setup ran) or merely keeps the old default: the admin confirms which and turns it
 * off first, or keeps Extended Protection off.
 */
export function sslOffloadingPrerequisite(server: string, state: ExtendedProtectionState | null | undefined): StepPrerequisite {
  const value = state?.sslOffloading ?? null;
  const title = 'Outlook Anywhere without SSL offloading';
  if (value === null) {
    const why = state?.sslOffloadingUnknownWhy ?? (state ? 'the scan predates this check' : 'nothing was read from the server');
    return {
      id: SSL_OFFLOADING_PREREQUISITE,
      title,
      met: null,
      detail: `Whether Outlook Anywhere on ${server} offloads SSL was not read: ${why}. Read it in the Exchange Management Shell: ${readSslOffloadingCommands(server)[0]}`,
    };
  }
  if (!value) return { id: SSL_OFFLOADING_PREREQUISITE, title, met: true, detail: `Outlook Anywhere on ${server} does not offload SSL (SSLOffloading False).` };
  return {
    id: SSL_OFFLOADING_PREREQUISITE,
    title,
    met: false,
    detail:
      `Outlook Anywhere on ${server} shows SSLOffloading True. Extended Protection isn't supported with SSL offloading, and this Setup turns it on and turns SSL offloading off itself: ` +
      `if a load balancer ends TLS in front of ${server}, clients stop connecting. First make the load balancer pass SSL through, or bridge it with the same certificate as Exchange; ` +
      `then turn SSL offloading off in the Exchange Management Shell (${turnOffSslOffloadingCommands(server)[0]}) and re-scan. Or run this Setup with ${DO_NOT_ENABLE_EP} and turn Extended Protection on once that is done.`,
  };
}

/** Whether Setup of this CU turns Extended Protection on by default (catalog: the product's first such CU). */
export function enablesExtendedProtection(index: CatalogIndex, cu: Pick<CuRecord, 'product' | 'cu'>): boolean {
  const from = index.products.get(cu.product)?.extendedProtectionFromCu ?? null;
  if (from === null) return false;
  const list = index.cusByProduct.get(cu.product) ?? [];
  const at = list.findIndex(c => c.cu === cu.cu);
  const first = list.findIndex(c => c.cu === from);
  return at >= 0 && first >= 0 && at >= first;
}

/**
 * Whether a Setup of this CU changes Extended Protection on the server: it turns it on (2019 CU14
 * and later, SE; an upgrade or a new server alike) and the server does not already have it as
 * Learn's table asks on every virtual directory, or its TLS settings are not read or not right.
 * Decided from what the server shows, not from the CU it runs (a 2019 CU14 server may have had it
 * kept off).
 */
export function setupChangesExtendedProtection(index: CatalogIndex, to: Pick<CuRecord, 'product' | 'cu'>, state: ExtendedProtectionState | null | undefined): boolean {
  if (!enablesExtendedProtection(index, to)) return false;
  if (!state) return true;
  // SSL offloading on: the Setup turns it off as part of turning Extended Protection on (Learn).
  return state.belowRecommended === null || state.belowRecommended.length > 0 || state.tlsProblems === null || state.tlsProblems.length > 0 || state.sslOffloading === true;
}

/** The Setup switch a choice adds to the Setup command ("" for the default). */
export function extendedProtectionSwitch(choice: ExtendedProtectionChoice | undefined): typeof DO_NOT_ENABLE_EP | typeof DO_NOT_ENABLE_EP_FEEWS | '' {
  return choice === 'keep-off' ? DO_NOT_ENABLE_EP : choice === 'keep-off-front-end-ews' ? DO_NOT_ENABLE_EP_FEEWS : '';
}

/**
 * What the admin must check before a Setup that turns Extended Protection on, and the way out; with
 * what the scan showed about this server and the admin's choice.
 */
export function extendedProtectionPrerequisite(media: string, state?: ExtendedProtectionState | null, choice?: ExtendedProtectionChoice): StepPrerequisite {
  const observed: string[] = [];
  if (state?.belowRecommended === null || !state) observed.push('The scan could not read the Extended Protection of the virtual directories (applicationHost.config).');
  else if (state.belowRecommended.length > 0) {
    const names = state.belowRecommended.map(b => b.split(':')[0]);
    observed.push(
      `Off or weaker than Microsoft's table on ${names.length} virtual ${names.length === 1 ? 'directory' : 'directories'} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}).`,
    );
  }
  if (state?.lmCompatibilityLevel !== null && state?.lmCompatibilityLevel !== undefined && state.lmCompatibilityLevel < 3)
    observed.push(`LmCompatibilityLevel is ${state.lmCompatibilityLevel}: NTLMv1-only clients stop authenticating.`);
  const why =
    'Check first: no SSL offloading in front of Exchange (SSL bridging only with the same certificate on the load balancer and Exchange), LmCompatibilityLevel 3 or higher, ' +
    'the same TLS settings on every Exchange server, the public-folder hierarchy not on Exchange 2016 CU22 / 2019 CU11 or older. Otherwise choose ' +
    `${DO_NOT_ENABLE_EP} (stays off, open to the NTLM relay attacks it closes) or ${DO_NOT_ENABLE_EP_FEEWS} (off on the front-end EWS only, for the Hybrid Agent) and turn it on later with ExchangeExtendedProtectionManagement.ps1.`;
  if (choice === 'keep-off') {
    return {
      id: 'extended-protection',
      title: `${media} Setup runs with ${DO_NOT_ENABLE_EP}: Extended Protection stays off`,
      met: true,
      detail:
        `${observed.join(' ')} You chose to keep Extended Protection off: the server stays open to the NTLM relay vulnerabilities it closes until you turn it on with ExchangeExtendedProtectionManagement.ps1 once its prerequisites are met.`.trim(),
    };
  }
  return {
    id: 'extended-protection',
    title: choice === 'keep-off-front-end-ews' ? `${media} Setup turns on Extended Protection (not on the front-end EWS: ${DO_NOT_ENABLE_EP_FEEWS})` : `${media} Setup turns on Extended Protection`,
    met: null,
    detail: `${observed.length > 0 ? `${observed.join(' ')} ` : ''}${why}`,
  };
}

/**
 * Setup turns Extended Protection on and the server's TLS settings are not consistent: the Setup
 * waits (met false) until they are, or until the admin keeps Extended Protection off.
 */
export function tlsConsistentPrerequisite(state: ExtendedProtectionState | null | undefined): StepPrerequisite {
  const problems = state?.tlsProblems ?? null;
  return {
    id: 'tls-consistent',
    title: 'TLS as Extended Protection needs it',
    met: problems === null ? null : problems.length === 0,
    detail:
      problems === null
        ? 'The scan could not read the TLS settings: check that TLS 1.2 is on for client and server and SchUseStrongCrypto and SystemDefaultTlsVersions are 1 before Setup turns on Extended Protection.'
        : problems.length === 0
          ? 'TLS 1.2 is on for client and server and SchUseStrongCrypto and SystemDefaultTlsVersions are 1.'
          : `${problems.join('; ')}. Fix as in Microsoft's Exchange TLS guide and reboot, or keep Extended Protection off for now (${DO_NOT_ENABLE_EP}).`,
  };
}

/**
 * The newest CU of each product on which the public-folder hierarchy mailbox must not be while
 * Extended Protection is turned on anywhere (Learn, "Configure Windows Extended Protection in
 * Exchange Server", public folders): Exchange 2016 CU22 and Exchange 2019 CU11. Every Exchange 2013
 * CU is older still; Exchange SE has no such CU.
 */
const HIERARCHY_TOO_OLD_THROUGH: Partial<Record<CuRecord['product'], string>> = { 'Exchange 2016': 'CU22', 'Exchange 2019': 'CU11' };

/** Whether a server on this CU is too old to hold the public-folder hierarchy once Extended Protection is on. */
export function hierarchyTooOldForExtendedProtection(index: CatalogIndex, cu: Pick<CuRecord, 'product' | 'cu'>): boolean {
  if (cu.product === 'Exchange 2013') return true;
  const through = HIERARCHY_TOO_OLD_THROUGH[cu.product];
  if (!through) return false;
  const list = index.cusByProduct.get(cu.product) ?? [];
  const at = list.findIndex(c => c.cu === cu.cu);
  const last = list.findIndex(c => c.cu === through);
  return at >= 0 && last >= 0 && at <= last;
}

/** "Exchange 2016 CU22 / 2019 CU11 or older", as every text about the rule says it. */
export const HIERARCHY_TOO_OLD_TEXT = 'Exchange 2016 CU22 / 2019 CU11 or older';
