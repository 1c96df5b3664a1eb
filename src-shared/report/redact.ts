import { ReportDocument } from './schema';

/**
 * Redaction: host names, IP addresses and domain names replaced by
 * placeholders, consistently (the same original always becomes the same
 * placeholder, in every string of every format made from the report).
 *
 * It works on the report model, before any format is rendered, so HTML, JSON,
 * CSV and PDF cannot disagree. Placeholders are numbered in the order the
 * originals first appear, so two exports of the same session line up.
 *
 * What it recognises:
 * - every server name, FQDN and AD domain the scan names (structured fields);
 * - any other dotted name whose last label is a top-level domain (proxy,
 *   certificate subject, e-mail address, URL), except public Microsoft and
 *   certificate-authority hosts, which identify nobody;
 * - the organisation's label inside its domain ("contoso" of contoso.local),
 *   which is usually also the NetBIOS domain name ("CONTOSO\admin");
 * - IPv4 and IPv6 addresses, except where the value is a build or version number;
 * - identifying values the facts hold in named fields: single-label host names
 *   (proxies, file shares), the AD site and DAG names, a single-label AD
 *   domain, certificate subject and private-issuer values (O=, OU=, L=, ...);
 * - user names (DOMAIN\user, user@NETBIOS, C:\Users\user, C:/Users/user,
 *   /home/user, the local part of an e-mail address), tenant names under
 *   Microsoft's shared hosts (tenant.mail.protection.outlook.com,
 *   tenant.onmicrosoft.com) and SHA-1 certificate thumbprints, wherever they
 *   appear in text;
 * - names in record keys (a virtual directory's "host.contoso.local/OWA").
 * An IPv4-shaped value in a version field stays only when it has the shape of
 * an Exchange build; a certificate subject is redacted whatever CA word it
 * contains (only a public CA's issuer is kept).
 */

/** Hosts and domains that are public and say nothing about the organisation. */
const PUBLIC_SUFFIXES = [
  'microsoft.com',
  'office.com',
  'office.net',
  'office365.com',
  'outlook.com',
  'live.com',
  'windows.com',
  'windowsupdate.com',
  'msft.net',
  'msedge.net',
  'aka.ms',
  'azure.com',
  'digicert.com',
  'github.com',
  'github.io',
];

/** Dotted words that end like a domain but are product names. */
const NOT_DOMAINS = new Set(['asp.net', 'system.net', 'vb.net', 'ado.net', 'microsoft.net']);

const GENERIC_TLDS = new Set([
  'com',
  'net',
  'org',
  'edu',
  'gov',
  'mil',
  'int',
  'info',
  'biz',
  'name',
  'pro',
  'app',
  'dev',
  'cloud',
  'online',
  'site',
  'tech',
  'xyz',
  'shop',
  'email',
  'group',
  'company',
  'solutions',
  'services',
  'systems',
  'global',
  'works',
  // Names used inside private networks and for documentation.
  'local',
  'lan',
  'internal',
  'intranet',
  'intra',
  'corp',
  'home',
  'localdomain',
  'priv',
  'private',
  'test',
  'arpa',
  'lab',
  'example',
  'invalid',
  'labs',
  'lcl',
  'loc',
  'dmz',
  'prod',
  // Generic and regional endings organisations use. Not all of IANA's 1,400: words that end .NET and PowerShell
  // names (Management, Media, Network, Web…) would turn "System.Management" into a host.
  'gmbh',
  'llc',
  'inc',
  'ltd',
  'limited',
  'srl',
  'sarl',
  'coop',
  'aero',
  'museum',
  'jobs',
  'travel',
  'mobi',
  'asia',
  'consulting',
  'partners',
  'holdings',
  'industries',
  'capital',
  'agency',
  'bank',
  'insurance',
  'law',
  'legal',
  'clinic',
  'hospital',
  'school',
  'university',
  'college',
  'eu',
  'berlin',
  'hamburg',
  'bayern',
  'koeln',
  'wien',
  'swiss',
  'paris',
  'london',
  'nyc',
  'tokyo',
  'amsterdam',
  'brussels',
  'barcelona',
  'madrid',
  'scot',
  'wales',
  'quebec',
  'sydney',
  'melbourne',
  'africa',
]);

/** Two-letter endings that are often file extensions: a name ending so counts as a domain only with three labels or more (mail.contoso.pl, not install.pl). */
const NOT_COUNTRY_TLDS = new Set(['md', 'sh', 'py', 'rs', 'pl', 'ps', 'cs', 'db', 'so', 'js', 'ts', 'vb', 'gz', 'xz', 'bz']);

/**
 * Product words that must not be treated as host names inside running text,
 * even when a server carries that name: "EXCHANGE" as a server name is
 * replaced where a field holds exactly it, but "Exchange 2019" stays readable.
 */
const COMMON_WORDS = new Set([
  'exchange',
  'mail',
  'email',
  'server',
  'servers',
  'smtp',
  'owa',
  'ecp',
  'ews',
  'mapi',
  'autodiscover',
  'edge',
  'mailbox',
  'hub',
  'cas',
  'dag',
  'default',
  'localhost',
  'web',
  'site',
  'www',
  'test',
  'admin',
  'local',
  'domain',
]);

/** Microsoft's shared hosts whose first label is a customer's tenant name. */
const TENANT_HOST = /^([a-z0-9][a-z0-9-]*)\.(mail\.protection\.outlook\.com|onmicrosoft\.com|mail\.onmicrosoft\.com|sharepoint\.com)$/;

/** Certificate authorities whose names identify nobody; an issuer from them is kept. */
const PUBLIC_CAS =
  /digicert|let's encrypt|isrg|sectigo|comodo|globalsign|entrust|godaddy|starfield|microsoft|amazon|google trust|identrust|certum|buypass|quovadis|swisssign|thawte|geotrust|rapidssl|actalis|harica|usertrust|baltimore/i;

/** Distinguished-name parts that can name an organisation, a place or a person. */
const DN_KEYS = new Set(['cn', 'o', 'ou', 'l', 's', 'st', 'street', 'e', 'dc', 'emailaddress']);

const THUMBPRINT = /(?<![0-9A-Fa-f])[0-9A-Fa-f]{40}(?![0-9A-Fa-f])/g;
const EMAIL_USER = /([A-Za-z0-9._%+-]+)@(?=[A-Za-z0-9-]+\.)/g;
/** A profile folder with either slash: C:\\Users\\name, C:/Users/name, /home/name, /Users/name. */
const PROFILE_USER = /[\\/](?:Users|home)[\\/]([^\\/\s"':;,]+)/gi;
/** Profile folders that belong to nobody. */
const SHARED_PROFILES = new Set(['public', 'default', 'default user', 'all users', 'defaultuser0']);
/** user@NETBIOS (an account in its single-label domain): no dot after the @. */
const NETBIOS_ACCOUNT = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@([A-Za-z][A-Za-z0-9-]{0,14})(?![A-Za-z0-9.-])/g;
/** The domain of an e-mail address is a domain whatever its ending. */
const EMAIL_DOMAIN = /[A-Za-z0-9._%+-]@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;
/** Exchange builds (2007, 2010, 2013 and later) have the shape of an IPv4 address; no other version in the facts does. */
const EXCHANGE_BUILD = /^(?:8|14|15)\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** A key as the schema names its fields: such keys stay (record keys with names in them are redacted). */
const SCHEMA_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const UNC_HOST = /\\\\([A-Za-z0-9][A-Za-z0-9-]*)(?=\\)/g;
const URL_HOST = /\b[a-z][a-z0-9+.-]*:\/\/([A-Za-z0-9][A-Za-z0-9-]*)(?=[:/]|$|\s)/gi;
const ACCOUNT = /(?<![A-Za-z0-9\\])([A-Za-z][A-Za-z0-9-]{1,14})\\([A-Za-z][A-Za-z0-9._$-]{0,63})/g;

/** Keys whose values are enums or anchors; redacting them could only break the report. */
const KEEP_KEYS = new Set(['anchor', 'kind', 'severity', 'verdict', 'outcome', 'code', 'updateType', 'supportState', 'product']);

/** Keys whose values are build or version numbers: such a value never counts as an IP address. */
const VERSION_KEY = /build|version|^input$/i;

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?';
const NAME_TOKEN = new RegExp(`${LABEL}(?:\\.${LABEL})*`, 'g');
/** Only dotted names can be domains: scanning skips plain words. */
const DOTTED_TOKEN = new RegExp(`${LABEL}(?:\\.${LABEL})+`, 'g');
const URL_PATTERN = /https?:\/\/[^\s"'<>]+/gi;
const IPV6_CANDIDATE = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?:%[0-9A-Za-z]+)?(?![0-9A-Za-z:])/g;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isIpv4(token: string): boolean {
  const parts = token.split('.');
  return parts.length === 4 && parts.every(p => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(candidate: string): boolean {
  const address = candidate.replace(/%.*$/, '').replace(/(?:\d{1,3}\.){3}\d{1,3}$/, '0:0');
  const doubles = address.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = address.split(':').filter(g => g !== '');
  if (!groups.every(g => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  // Without "::" an address has all eight groups; that rule keeps times (21:04:52) and MAC addresses out.
  return doubles === 1 ? groups.length >= 2 && groups.length <= 7 : groups.length === 8;
}

function isPublic(lower: string): boolean {
  return lower === 'localhost' || PUBLIC_SUFFIXES.some(s => lower === s || lower.endsWith(`.${s}`));
}

function looksLikeDomain(lower: string): boolean {
  const labels = lower.split('.');
  if (labels.length < 2 || NOT_DOMAINS.has(lower)) return false;
  const tld = labels[labels.length - 1] as string;
  if (!/^[a-z]+$/.test(tld)) return false;
  if (labels.some(l => l.includes('_'))) return false;
  return GENERIC_TLDS.has(tld) || (tld.length === 2 && (!NOT_COUNTRY_TLDS.has(tld) || labels.length >= 3));
}

/** The organisation's own label in a domain: "contoso" of ad.contoso.co.uk or contoso.local. */
function organisationLabel(domain: string): string | null {
  const labels = domain.split('.');
  if (labels.length < 2) return null;
  let index = labels.length - 2;
  const tld = labels[labels.length - 1] as string;
  if (tld.length === 2 && (labels[index] as string).length <= 3 && index > 0) index--;
  const label = labels[index] as string;
  return label.length >= 3 && !COMMON_WORDS.has(label) && !GENERIC_TLDS.has(label) ? label : null;
}

/** The placeholder of `key` in `map`, numbered in order of first appearance. */
function numbered(map: Map<string, string>, key: string, prefix: string): string {
  let placeholder = map.get(key);
  if (placeholder === undefined) {
    placeholder = `${prefix}-${pad(map.size + 1)}`;
    map.set(key, placeholder);
  }
  return placeholder;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Consistent replacement of host names, domains and IP addresses.
 *
 * Register the names you know first (servers, FQDNs, domains), then `scan`
 * every string so names only found in text are known before replacing, then
 * `text` each string. Nothing about the originals leaves this object.
 */
export class Redactor {
  private readonly servers = new Map<string, string>();
  private readonly hosts = new Map<string, string>();
  private readonly domains = new Map<string, string>();
  private readonly labels = new Map<string, string>();
  private readonly ips = new Map<string, string>();
  private readonly versions = new Set<string>();
  /** Exact identifying values (site, DAG, certificate parts, users, single-label hosts, tenants) and their placeholders. */
  private readonly values = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private valuePattern: RegExp | null = null;
  private readonly thumbprints = new Map<string, string>();
  private wordPattern: RegExp | null = null;
  /** The first piece (before "-" or "_") of every word the pattern looks for. */
  private wordStarts = new Set<string>();

  /** An Exchange server's short name: it becomes SERVER-nn. */
  addServer(name: string | null | undefined): void {
    const key = name?.trim().toLowerCase();
    if (!key) return;
    if (key.includes('.')) {
      this.addFqdn(key);
      return;
    }
    if (!this.servers.has(key)) this.servers.set(key, `SERVER-${pad(this.servers.size + 1)}`);
    this.wordPattern = null;
  }

  /** A fully qualified name: its first label is a server name, the rest a domain. */
  addFqdn(fqdn: string | null | undefined): void {
    const key = fqdn?.trim().toLowerCase();
    if (!key) return;
    const dot = key.indexOf('.');
    if (dot <= 0) {
      this.addServer(key);
      return;
    }
    this.addServer(key.slice(0, dot));
    this.addDomain(key.slice(dot + 1));
  }

  /** A DNS or AD domain: it becomes domain-nn.example, its organisation label DOMAIN-nn. */
  addDomain(domain: string | null | undefined): void {
    const key = domain?.trim().toLowerCase().replace(/\.$/, '');
    if (!key || this.domains.has(key) || isPublic(key)) return;
    const n = this.domains.size + 1;
    this.domains.set(key, `domain-${pad(n)}.example`);
    const label = organisationLabel(key);
    if (label && !this.labels.has(label) && !this.servers.has(label)) this.labels.set(label, `DOMAIN-${pad(n)}`);
    this.wordPattern = null;
  }

  /**
   * An identifying value known from a named field (a site, a DAG, a
   * certificate's organisation, a user, a single-label host): it becomes
   * KIND-nn wherever it appears, one placeholder per distinct value.
   */
  addValue(value: string | null | undefined, kind: 'SITE' | 'DAG' | 'ORG' | 'USER' | 'HOST' | 'TENANT'): void {
    const key = value?.trim().toLowerCase();
    if (!key || key.length < 2 || this.values.has(key) || this.servers.has(key) || this.labels.has(key) || COMMON_WORDS.has(key)) return;
    if (key.includes('.') && looksLikeDomain(key)) {
      this.scan(key);
      return;
    }
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    this.values.set(key, `${kind}-${pad(n)}`);
    this.valuePattern = null;
  }

  /** A single-label AD (NetBIOS-style) domain: it becomes DOMAIN-nn. */
  addSingleLabelDomain(name: string | null | undefined): void {
    const key = name?.trim().toLowerCase();
    if (!key || key.includes('.') || this.labels.has(key) || this.servers.has(key)) return;
    this.labels.set(key, `DOMAIN-${pad(this.domains.size + this.labels.size + 1)}`);
    this.wordPattern = null;
  }

  /** The host names a proxy setting names ("http://proxy:8080", "proxy:8080;<local>;*.contoso.local"). */
  addProxy(setting: string | null | undefined): void {
    if (!setting) return;
    for (const part of setting.split(/[;\s,]+/)) {
      const host = /^(?:[a-z]+=)?(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?\*?\.?([A-Za-z0-9][A-Za-z0-9.-]*)/i.exec(part)?.[1];
      if (!host || isIpv4(host) || /^\d+$/.test(host)) continue;
      if (host.includes('.')) this.scan(host);
      else this.addValue(host, 'HOST');
    }
  }

  /**
   * The identifying parts of a certificate subject or issuer. Only an issuer
   * whose organisation (or, without one, common name) is a public CA is kept
   * whole: a subject is always the organisation's own, whatever CA word it
   * contains ("OU=Contoso Microsoft Exchange").
   */
  addDistinguishedName(dn: string | null | undefined, role: 'subject' | 'issuer' = 'subject'): void {
    if (!dn) return;
    const parts: Array<[string, string]> = [];
    for (const part of dn.split(/,(?=\s*[A-Za-z.]+=)/)) {
      const eq = part.indexOf('=');
      if (eq >= 0)
        parts.push([
          part.slice(0, eq).trim().toLowerCase(),
          part
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, ''),
        ]);
    }
    if (role === 'issuer') {
      const owner = parts.find(([key]) => key === 'o') ?? parts.find(([key]) => key === 'cn');
      if (owner && PUBLIC_CAS.test(owner[1])) return;
    }
    for (const [key, value] of parts) {
      if (!DN_KEYS.has(key) || value === '') continue;
      if (key === 'dc') this.addSingleLabelDomain(value);
      else if (value.includes('@')) this.scan(value);
      else if (value.includes('.')) this.scan(value);
      else this.addValue(value, key === 'cn' ? 'HOST' : 'ORG');
    }
  }

  /** A value that is a build or version number, never an address. */
  addVersion(value: string): void {
    const trimmed = value.trim();
    // A version-like field holding an address (a header, a note) must not make that address a "version" everywhere.
    if (isIpv4(trimmed) && !EXCHANGE_BUILD.test(trimmed)) return;
    this.versions.add(trimmed);
  }

  /**
   * An object key. The schema's own keys are identifiers and stay (a server
   * named like one is still replaced); record keys such as a virtual
   * directory's "host.contoso.local/OWA" are redacted like text.
   */
  key(key: string): string {
    if (!SCHEMA_KEY.test(key)) return this.text(key);
    const lower = key.toLowerCase();
    return (COMMON_WORDS.has(lower) ? undefined : this.servers.get(lower)) ?? key;
  }

  /** Learns the names in a piece of text without changing it. */
  scan(text: string): void {
    for (const m of text.matchAll(EMAIL_USER)) this.addValue(m[1], 'USER');
    for (const m of text.matchAll(PROFILE_USER)) if (!SHARED_PROFILES.has((m[1] as string).toLowerCase())) this.addValue(m[1], 'USER');
    for (const m of text.matchAll(NETBIOS_ACCOUNT)) {
      this.addValue(m[1], 'USER');
      this.addSingleLabelDomain(m[2]);
    }
    for (const m of text.matchAll(EMAIL_DOMAIN)) {
      const domain = (m[1] as string).toLowerCase();
      if (/[a-z]$/.test(domain) && !isPublic(domain) && this.knownDomainOf(domain) === null) {
        const labels = domain.split('.');
        this.addDomain(labels.length >= 3 && looksLikeDomain(labels.slice(1).join('.')) ? labels.slice(1).join('.') : domain);
      }
    }
    for (const m of text.matchAll(UNC_HOST)) this.addValue(m[1], 'HOST');
    for (const m of text.matchAll(URL_HOST)) if (!isPublic((m[1] as string).toLowerCase())) this.addValue(m[1], 'HOST');
    for (const m of text.matchAll(ACCOUNT)) {
      const domain = (m[1] as string).toLowerCase();
      if (this.labels.has(domain) || this.servers.has(domain)) this.addValue(m[2], 'USER');
    }
    for (const match of text.matchAll(DOTTED_TOKEN)) {
      const lower = match[0].toLowerCase();
      if (isIpv4(lower) || isPublic(lower) || this.knownDomainOf(lower) !== null || !looksLikeDomain(lower)) continue;
      const labels = lower.split('.');
      if (labels.length >= 3) this.addDomain(labels.slice(1).join('.'));
      else this.addDomain(lower);
    }
  }

  /** The text with every known name and every address replaced. */
  text(text: string): string {
    // A field holding exactly a server name is replaced even when the name is a common word.
    const exact = this.servers.get(text.toLowerCase()) ?? this.values.get(text.trim().toLowerCase());
    if (exact !== undefined) return exact;
    text = this.knownValues(text).replace(THUMBPRINT, t => this.thumbprint(t));
    // Links to public documentation stay intact: their paths are full of words.
    let out = '';
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      const host = (/^https?:\/\/([^/:?#]+)/i.exec(match[0])?.[1] ?? '').toLowerCase();
      if (!isPublic(host)) continue;
      out += this.plain(text.slice(last, match.index)) + match[0];
      last = match.index + match[0].length;
    }
    return out + this.plain(text.slice(last));
  }

  private plain(text: string): string {
    const withoutV6 = text.replace(IPV6_CANDIDATE, candidate => (isIpv6(candidate) ? this.ip(candidate) : candidate));
    return withoutV6.replace(NAME_TOKEN, token => this.token(token));
  }

  /** Every known identifying value inside a text, longest first, as a whole word. */
  private knownValues(text: string): string {
    if (this.values.size === 0) return text;
    if (this.valuePattern === null) {
      const alternatives = [...this.values.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.valuePattern = new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'gi');
    }
    return text.replace(this.valuePattern, v => this.values.get(v.toLowerCase()) ?? v);
  }

  private thumbprint(value: string): string {
    return numbered(this.thumbprints, value.toUpperCase(), 'THUMBPRINT');
  }

  private ip(address: string): string {
    return numbered(this.ips, address.toLowerCase(), 'IP');
  }

  private host(name: string): string {
    const key = name.toLowerCase();
    const known = this.servers.get(key) ?? this.hosts.get(key);
    if (known !== undefined) return known;
    const placeholder = `HOST-${pad(this.hosts.size + 1)}`;
    this.hosts.set(key, placeholder);
    return placeholder;
  }

  /** The longest registered domain the name equals or ends with. */
  private knownDomainOf(lower: string): string | null {
    let best: string | null = null;
    for (const domain of this.domains.keys()) {
      if ((lower === domain || lower.endsWith(`.${domain}`)) && (best === null || domain.length > best.length)) best = domain;
    }
    return best;
  }

  private token(token: string): string {
    if (!token.includes('.')) return this.words(token);
    const lower = token.toLowerCase();
    if (isIpv4(lower)) return this.versions.has(token) ? token : this.ip(lower);
    const tenant = TENANT_HOST.exec(lower);
    if (tenant) {
      this.addValue(tenant[1], 'TENANT');
      return `${this.values.get(tenant[1] as string) ?? 'TENANT'}.${tenant[2]}`;
    }
    if (isPublic(lower)) return token;
    let domain = this.knownDomainOf(lower);
    if (domain === null && looksLikeDomain(lower)) {
      this.scan(lower);
      domain = this.knownDomainOf(lower);
    }
    if (domain !== null) {
      const prefix = lower.slice(0, lower.length - domain.length).replace(/\.$/, '');
      const replaced = this.domains.get(domain) as string;
      return prefix ? `${this.host(prefix)}.${replaced}` : replaced;
    }
    return this.words(token);
  }

  /**
   * Known server names and organisation labels inside a longer token (file
   * names, DOMAIN\user). Other hosts are only known from one dotted name
   * ("proxy" of proxy.contoso.local), so their bare label is an ordinary word.
   */
  private words(token: string): string {
    const lower = token.toLowerCase();
    if (!COMMON_WORDS.has(lower)) {
      const whole = this.servers.get(lower) ?? this.labels.get(lower);
      if (whole !== undefined) return whole;
    }
    // A token of letters and digits only is a word by itself: nothing can hide inside it.
    if (!/[-_.]/.test(token)) return token;
    if (this.wordPattern === null) {
      const words = [...this.servers.keys(), ...this.labels.keys()].filter(w => !COMMON_WORDS.has(w) && !w.includes('.'));
      this.wordStarts = new Set(words.map(w => w.split(/[-_]/)[0] as string));
      const alternatives = words.sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.wordPattern = alternatives.length === 0 ? /(?!)/g : new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'gi');
    }
    // Most tokens (file names, product words) hold no known word: a set lookup per piece says so cheaply.
    if (!lower.split(/[-_.]/).some(piece => this.wordStarts.has(piece))) return token;
    return token.replace(this.wordPattern, word => {
      const key = word.toLowerCase();
      return this.servers.get(key) ?? this.labels.get(key) ?? word;
    });
  }
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Every string of the tree with the key it sits under; record keys that are not identifiers count as strings too (see Redactor.key). */
function visitStrings(value: Json, key: string, visit: (text: string, key: string) => void): void {
  if (typeof value === 'string') visit(value, key);
  else if (Array.isArray(value)) for (const item of value) visitStrings(item, key, visit);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!SCHEMA_KEY.test(k)) visit(k, '');
      visitStrings(v, k, visit);
    }
  }
}

function mapStrings(value: Json, key: string, map: (text: string, key: string) => string, mapKey: (key: string) => string): Json {
  if (typeof value === 'string') return KEEP_KEYS.has(key) ? value : map(value, key);
  if (Array.isArray(value)) return value.map(item => mapStrings(item, key, map, mapKey));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    // Record keys can hold names ("ex01.contoso.local/OWA"): they are redacted too, own properties only.
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, mapKey(k), { value: mapStrings(v, k, map, mapKey), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

/** Registers the names the report's structured fields give. */
export function registerReportNames(redactor: Redactor, report: ReportDocument): void {
  for (const server of report.servers) {
    redactor.addServer(server.name);
    redactor.addFqdn(server.fqdn);
    const identity = server.facts?.identity;
    if (identity) {
      redactor.addServer(identity.name);
      redactor.addFqdn(identity.fqdn);
      redactor.addDomain(identity.domain);
    }
    if (server.plan) redactor.addServer(server.plan.serverName);
    const facts = server.facts;
    if (!facts) continue;
    if (facts.identity.domain && !facts.identity.domain.includes('.')) redactor.addSingleLabelDomain(facts.identity.domain);
    redactor.addValue(facts.identity.site, 'SITE');
    redactor.addValue(facts.maintenance?.dagName, 'DAG');
    redactor.addProxy(facts.eems.internetWebProxy);
    redactor.addProxy(facts.eems.ocsTest?.proxy);
    redactor.addProxy(facts.httpProxy?.winHttpProxy);
    redactor.addProxy(facts.httpProxy?.winHttpProxyWow6432);
    for (const c of facts.certificates ?? []) {
      redactor.addDistinguishedName(c.subject, 'subject');
      if (c.issuer !== c.subject) redactor.addDistinguishedName(c.issuer, 'issuer');
    }
    registerOrganisationNames(redactor, facts.organisation ?? null);
  }
  for (const stage of report.staging) redactor.addServer(stage.server);
  for (const name of report.organisationPlan?.order ?? []) redactor.addServer(name);
}

/** The names the organisation section holds: the hierarchy's server, hybrid and connector servers, the hybrid certificate. */
function registerOrganisationNames(redactor: Redactor, organisation: NonNullable<ReportDocument['servers'][number]['facts']>['organisation'] | null): void {
  if (!organisation) return;
  redactor.addServer(organisation.publicFolderHierarchy?.server);
  for (const h of organisation.hybridConfigurations ?? []) {
    for (const server of [...h.sendingTransportServers, ...h.receivingTransportServers]) redactor.addServer(server);
    // "<I>issuer<S>subject", as Exchange writes a TlsCertificateName.
    const m = /^<I>(.*)<S>(.*)$/.exec(h.tlsCertificateName ?? '');
    if (m) {
      redactor.addDistinguishedName(m[1], 'issuer');
      redactor.addDistinguishedName(m[2], 'subject');
    }
  }
  for (const c of organisation.sendConnectors ?? []) for (const server of c.sourceTransportServers) redactor.addServer(server);
}

/**
 * The report with host names, IP addresses and domain names replaced.
 * The result is validated again, so a redaction can never produce a report
 * that does not match its schema.
 */
export function redactReport(report: ReportDocument, redactor: Redactor = new Redactor()): ReportDocument {
  registerReportNames(redactor, report);
  const tree = report as unknown as Json;
  visitStrings(tree, '', (text, key) => {
    if (VERSION_KEY.test(key)) redactor.addVersion(text);
    else redactor.scan(text);
  });
  const redacted = mapStrings(
    tree,
    '',
    text => redactor.text(text),
    key => redactor.key(key),
  ) as unknown as ReportDocument;
  return ReportDocument.parse({ ...redacted, redacted: true });
}
