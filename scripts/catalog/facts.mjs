// Hand-entered catalog facts that are prose or tables in ../shared/reference/exchange-updates.md
// (the builds themselves come from the CSVs). Each block names its section and source; keep them
// in step with the reference, then run `node scripts/catalog/build-catalog.mjs`.

/** The day the facts were last checked (exchange-updates.md §7: "No Exchange SE CU1 exists as of 2026-11-24"). */
export const AS_OF = '2026-11-24';

export const LEARN_BUILDS_PAGE = 'https://learn.microsoft.com/en-us/exchange/new-features/build-numbers-and-release-dates';
const UPGRADE_TO_SE = 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/deploy-new-installations/upgrade-to-exchange-server-se';

export const SOURCES = [
  { key: 'L', title: 'Microsoft Learn: Exchange Server build numbers and release dates (scraped 2026-08-20)', url: LEARN_BUILDS_PAGE },
  { key: 'C', title: 'microsoft/CSS-Exchange Shared/Get-ExchangeBuildVersionInformation.ps1 (Health Checker build dictionary)', url: 'https://github.com/microsoft/CSS-Exchange' },
  { key: 'G', title: 'microsoft/Get-ExchangeBuildNumber ExchangeBuildNumbers.csv (KBs of CU rows only)', url: 'https://github.com/microsoft/Get-ExchangeBuildNumber' },
  { key: 'R', title: 'righel/ms-exchange-version-nse rows no longer on Learn (pre-2021 SUs)', url: 'https://github.com/righel/ms-exchange-version-nse' },
  { key: 'U', title: 'Microsoft Learn: Upgrade to Exchange Server SE (in-place from 2019 CU14/CU15, legacy from 2016, coexistence blocks)', url: UPGRADE_TO_SE },
  { key: 'CVE', title: "Microsoft's CVE records (cvelistV5, Microsoft as CNA): fixed build and public date of the builds after August 2026", url: 'https://github.com/CVEProject/cvelistV5' },
];

// §2 ESU period 2 (its exact end date is unconfirmed) and §7 (no 2016/2019 build after October 2026).
const ESU_ENDED =
  'ESU period 2 (May to October 2026) is the last announced; Microsoft released no Exchange 2016 or 2019 update after October 2026, so even with ESU the long-term path is Exchange SE.';

// §2 ESU period 2 "until the end of October 2026" (KB5129956 as quoted by a third-party article;
// the exact day is unconfirmed, so the last day of the month is used).
const ESU_END = '2026-10-31';

// §2 Support lifecycle.
export const PRODUCTS = [
  {
    product: 'Exchange 2013',
    version: '15.0',
    mainstreamEnd: null,
    extendedEnd: '2023-04-11',
    lifecycle: 'Fixed lifecycle; extended support ended 2023-04-11.',
    esuEnd: null,
    extendedProtectionFromCu: null,
    eemsFromCu: null,
    successor: { kind: 'legacy-migration', product: 'Exchange SE' },
    notes: ['Setup of Exchange SE (and of Exchange 2019 CU15) refuses to run while an Exchange 2013 server is in the organisation: the migration has to be planned around that block.'],
  },
  {
    product: 'Exchange 2016',
    version: '15.1',
    mainstreamEnd: '2020-10-13',
    extendedEnd: '2025-10-14',
    lifecycle:
      'Fixed lifecycle; extended support ended 2025-10-14. Updates released from December 2025 on are sold only through Extended Security Updates (ESU); the October 2025 SU is the last public one.',
    esuEnd: ESU_END,
    extendedProtectionFromCu: null,
    eemsFromCu: 'CU22',
    successor: { kind: 'legacy-migration', product: 'Exchange SE' },
    notes: [
      'Exchange 2016 cannot be upgraded in place to Exchange SE: new SE servers are added, mailboxes moved, then the 2016 servers are removed.',
      'Exchange SE CU2 is announced to refuse installation while any Exchange 2016 or 2019 server exists.',
      ESU_ENDED,
    ],
  },
  {
    product: 'Exchange 2019',
    version: '15.2',
    mainstreamEnd: '2024-01-09',
    extendedEnd: '2025-10-14',
    lifecycle:
      'Fixed lifecycle; extended support ended 2025-10-14. Updates released from December 2025 on are sold only through Extended Security Updates (ESU); the October 2025 SU is the last public one.',
    esuEnd: ESU_END,
    extendedProtectionFromCu: 'CU14',
    eemsFromCu: 'CU11',
    successor: { kind: 'in-place-upgrade', product: 'Exchange SE', cu: 'RTM', fromCus: ['CU14', 'CU15'] },
    notes: ['Exchange SE installs in place over Exchange 2019 CU14 or CU15, like a cumulative update.', ESU_ENDED],
  },
  {
    product: 'Exchange SE',
    version: '15.2',
    mainstreamEnd: null,
    extendedEnd: null,
    lifecycle: 'Modern Lifecycle Policy: supported while it is kept current; no fixed end date.',
    esuEnd: null,
    extendedProtectionFromCu: 'RTM',
    eemsFromCu: 'RTM',
    successor: null,
    notes: ['No Exchange SE CU1 exists as of the catalog date; "15.3.x SE CU1" builds in third-party scripts are fabricated.'],
  },
];

// §3 Download Center pages Learn links for the CU ISOs.
export const CU_DOWNLOAD_PAGES = {
  'Exchange SE|RTM': 'https://www.microsoft.com/download/details.aspx?id=108244',
  'Exchange 2019|CU15': 'https://www.microsoft.com/download/details.aspx?id=106402',
  'Exchange 2019|CU14': 'https://www.microsoft.com/download/details.aspx?id=105878',
  'Exchange 2019|CU13': 'https://www.microsoft.com/download/details.aspx?id=105180',
  'Exchange 2019|CU12': 'https://www.microsoft.com/download/details.aspx?id=104131',
  'Exchange 2019|CU11': 'https://www.microsoft.com/download/details.aspx?id=103477',
  'Exchange 2016|CU23': 'https://www.microsoft.com/download/details.aspx?id=104132',
  'Exchange 2016|CU22': 'https://www.microsoft.com/download/details.aspx?id=103478',
  'Exchange 2013|CU23': 'https://www.microsoft.com/download/details.aspx?id=58392',
};

/** CUs Microsoft still ships updates for (publicly or through ESU): §2 and §3's latest-SU table. */
export const CURRENT_CUS = ['Exchange SE|RTM', 'Exchange 2019|CU15', 'Exchange 2019|CU14', 'Exchange 2016|CU23', 'Exchange 2013|CU23'];

// §4 AD schema / PrepareAD table (rangeUpper / objectVersion Default / objectVersion Configuration).
export const AD_LEVELS = {
  'Exchange 2019|CU9': [17002, 13240, 16757],
  'Exchange 2019|CU10': [17003, 13241, 16758],
  // 13243 after the May 2022 SU and /PrepareAllDomains; the CU itself brings 13242.
  'Exchange 2019|CU11': [17003, 13242, 16759],
  'Exchange 2019|CU12': [17003, 13243, 16760],
  'Exchange 2019|CU13': [17003, 13243, 16761],
  'Exchange 2019|CU14': [17003, 13243, 16762],
  'Exchange 2019|CU15': [17003, 13243, 16763],
  'Exchange SE|RTM': [17003, 13243, 16763],
  'Exchange 2016|CU19': [15333, 13239, 16219],
  'Exchange 2016|CU20': [15333, 13240, 16220],
  'Exchange 2016|CU21': [15334, 13241, 16221],
  'Exchange 2016|CU22': [15334, 13242, 16222],
  'Exchange 2016|CU23': [15334, 13243, 16223],
};

// §1 key facts and §5 (January 2025 blog); §7 (June 2026 change).
const MARCH_2023_BORDERLINE =
  'Released on 2023-03-14, the day of the cut-off: Microsoft says builds "newer than March 2023" keep working and builds "older than March 2023" do not, which leaves the March 2023 SU itself unconfirmed.';
export const CERTIFICATE_RULES = [
  {
    id: 'ocs-certificate-2023-03',
    cutoff: '2023-03',
    title: 'March 2023 Office Config Service certificate change',
    effectiveDate: '2025-01-24',
    summary: 'An older certificate type in the Office Config Service (OCS) was deprecated. EEMS on a build released before March 2023 no longer trusts the service and cannot fetch any mitigation.',
    consequence: 'EEMS cannot connect to the Office Config Service at all: no mitigation reaches this server.',
    fix: 'Install a CU or SU released after March 2023 (for 2016/2019 without ESU this means moving to Exchange SE, see the plan).',
    wording: {
      name: 'March 2023',
      hits: 'builds older than March 2023',
      buildsReleasedBefore: '2023-03-14',
      chartLabel: 'Mar 2023 cut-off',
      explanation:
        'In 2025 Microsoft retired the older certificate its mitigation service used; only builds released after March 2023 trust the new one. So EEMS on this server cannot download any emergency mitigation at all.',
      symptom: 'Connection attempted against untrusted endpoint',
      whyUpdatingFixes:
        'Every Exchange build released after March 2023 trusts the certificate the mitigation service uses today. Updating replaces the old trust with the new one; no setting, proxy or firewall change can do that.',
      plainTestNote:
        'The plain connection test from the server succeeds: that test does not check the certificate the way EEMS does, which is why tools such as Health Checker report the service as reachable.',
      links: [
        {
          title: 'Exchange Emergency Mitigation Service might not work for servers significantly out of date (Exchange Team, January 2025)',
          url: 'https://techcommunity.microsoft.com/blog/exchange/exchange-emergency-mitigation-service-might-not-work-for-servers-significantly-o/4370312',
        },
      ],
    },
    minimumBuilds: [
      { product: 'Exchange 2016', cu: 'CU22', build: null, note: 'No Exchange 2016 CU22 build was released after March 2023: move to CU23.' },
      { product: 'Exchange 2016', cu: 'CU23', build: '15.1.2507.27', note: 'June 2023 SU, the first CU23 build after the cut-off.' },
      { product: 'Exchange 2019', cu: 'CU11', build: null, note: 'Exchange 2019 CU11 ends with the March 2023 SU: move to a newer CU.' },
      { product: 'Exchange 2019', cu: 'CU12', build: '15.2.1118.30', note: 'June 2023 SU, the first CU12 build after the cut-off.' },
      { product: 'Exchange 2019', cu: 'CU13', build: '15.2.1258.12', note: 'CU13 itself (2023-05-03) is the first build of any line released after the cut-off.' },
      { product: 'Exchange 2019', cu: 'CU14', build: '15.2.1544.4', note: null },
      { product: 'Exchange 2019', cu: 'CU15', build: '15.2.1748.10', note: null },
      { product: 'Exchange SE', cu: 'RTM', build: '15.2.2562.17', note: null },
    ],
    borderlineBuilds: [
      { build: '15.1.2507.23', reason: MARCH_2023_BORDERLINE },
      { build: '15.2.986.42', reason: MARCH_2023_BORDERLINE },
      { build: '15.2.1118.26', reason: MARCH_2023_BORDERLINE },
    ],
    symptoms: [
      'Application log: Error, source "MSExchange Mitigation Service", event ID 1008: "An unexpected exception occurred. Diagnostic information: Exception encountered while fetching mitigations."',
      'EEMS log (V15\\Logging\\MitigationService): "FetchMitigation,S:LogLevel=Warning;S:Message=Connection attempted against untrusted endpoint".',
      'Get-Mitigations.ps1: "WARNING: Connection with Mitigation Endpoint was not successful."',
    ],
    sources: [
      {
        title: 'Exchange Team blog, 2025-01-24: Exchange Emergency Mitigation Service might not work for servers significantly out of date',
        url: 'https://techcommunity.microsoft.com/blog/exchange/exchange-emergency-mitigation-service-might-not-work-for-servers-significantly-o/4370312',
      },
    ],
  },
  {
    id: 'ocs-certificate-2026-06',
    cutoff: '2026-06',
    title: 'June 2026 EEMS and Flighting certificate change',
    effectiveDate: '2026-07-01',
    summary:
      'A service-side change means EEMS and the Exchange Flighting service cannot use configuration files released in July 2026 or later unless the server runs the June 2026 update or newer. Mitigations already applied keep working.',
    consequence: 'EEMS still reaches the service but cannot use any mitigation published since July 2026.',
    fix: 'Install the June 2026 update or newer. For Exchange 2016 and 2019 that update is sold only through ESU; without ESU the public path is Exchange SE.',
    wording: {
      name: 'June 2026',
      hits: 'builds older than the June 2026 update',
      buildsReleasedBefore: '2026-06-09',
      chartLabel: 'Jun 2026 cut-off',
      explanation:
        "It still reaches Microsoft's mitigation service, but since July 2026 new mitigations are signed in a way only the June 2026 update or newer accepts. Mitigations already applied keep working; anything published since July 2026 cannot be used here.",
      symptom: 'unknown issuer',
      whyUpdatingFixes:
        "The June 2026 update taught EEMS (and Feature Flighting) to accept the new signing of Microsoft's configuration files. Any build from that update on can use the mitigations published since July 2026.",
      plainTestNote: null,
      links: [{ title: "Exchange mitigation and flighting services fail due to 'Unknown Issuer' error", url: 'https://support.microsoft.com/topic/e2d8ccf3-209f-4056-845e-07d3e4a28646' }],
    },
    minimumBuilds: [
      { product: 'Exchange 2016', cu: 'CU23', build: '15.1.2507.69', note: 'June 2026 SU, ESU only.' },
      { product: 'Exchange 2019', cu: 'CU14', build: '15.2.1544.41', note: 'June 2026 SU, ESU only.' },
      { product: 'Exchange 2019', cu: 'CU15', build: '15.2.1748.46', note: 'June 2026 SU, ESU only.' },
      { product: 'Exchange SE', cu: 'RTM', build: '15.2.2562.43', note: 'June 2026 SU, public.' },
    ],
    borderlineBuilds: [],
    symptoms: ['Application log: event ID 1008 from "MSExchange Mitigation Service" with "Response xml\'s leaf certificate is from unknown issuer or has EKU mismatch" (reported by eightwone.com).'],
    sources: [
      { title: 'Microsoft support: Exchange mitigation and flighting services fail due to "Unknown Issuer" error', url: 'https://support.microsoft.com/topic/e2d8ccf3-209f-4056-845e-07d3e4a28646' },
      {
        title: 'Exchange Team blog: June 2026 Exchange Server security updates, section "Update to ensure continued function of Exchange Emergency Mitigation (EM) and Feature Flighting services"',
        url: null,
      },
    ],
  },
];

// §4 OS build prefixes (WS2012/2012 R2/2016 are Windows' own build numbers).
export const OS_VERSIONS = [
  { id: 'ws2012', name: 'Windows Server 2012', buildNumber: 9200 },
  { id: 'ws2012r2', name: 'Windows Server 2012 R2', buildNumber: 9600 },
  { id: 'ws2016', name: 'Windows Server 2016', buildNumber: 14393 },
  { id: 'ws2019', name: 'Windows Server 2019', buildNumber: 17763 },
  { id: 'ws2022', name: 'Windows Server 2022', buildNumber: 20348 },
  { id: 'ws2025', name: 'Windows Server 2025', buildNumber: 26100 },
];

const NET48 = 528040;
const NET481 = 533320;
const GB30 = 30 * 1024 ** 3;
const MATRIX = {
  title: 'Microsoft Learn: Exchange Server supportability matrix (operating system, .NET Framework)',
  url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/supportability-matrix',
};
const PREREQS = { title: 'Microsoft Learn: Exchange Server 2019 and SE prerequisites', url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/prerequisites' };
const SYSREQ = {
  title: 'Microsoft Learn: Exchange Server system requirements (disk space: at least 30 GB on the install drive)',
  url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/system-requirements',
};
const HC_VC = { title: 'CSS-Exchange Health Checker: Visual C++ check (2012 11.0.61030, 2013 12.0.40664; 2013 not on Edge)', url: 'https://github.com/microsoft/CSS-Exchange' };
const modernDotNet = ['ws2019', 'ws2022', 'ws2025'].map(os => ({ os, minimumRelease: NET48, recommendedRelease: os === 'ws2019' ? NET48 : NET481 }));
// §1 of upgrade-night.md (Learn "Exchange Server system requirements"): Exchange 2019, and so the
// 2019 CU14 bridge and SE (2019 CU15 code), installs beside older versions only from these CUs.
const COEXISTENCE_MINIMUMS = [
  { product: 'Exchange 2013', cu: 'CU21' },
  { product: 'Exchange 2016', cu: 'CU11' },
];
const common = { vcRedist2012: '11.0.61030', vcRedist2013: '12.0.40664', ucma: true, urlRewrite: true, installDriveFreeBytes: GB30 };

// §4 prerequisites per target.
export const TARGETS = [
  {
    product: 'Exchange SE',
    cu: 'RTM',
    setupRefusesWith: ['Exchange 2013'],
    coexistenceMinimums: COEXISTENCE_MINIMUMS,
    supportedOs: ['ws2019', 'ws2022', 'ws2025'],
    osNotes: ['.NET 4.8 on Windows Server 2019 is inferred (4.8.1 is not offered there; Health Checker recommends 4.8).'],
    dotNet: modernDotNet,
    ...common,
    sources: [MATRIX, PREREQS, SYSREQ, HC_VC],
  },
  {
    product: 'Exchange 2019',
    cu: 'CU15',
    setupRefusesWith: ['Exchange 2013'],
    coexistenceMinimums: COEXISTENCE_MINIMUMS,
    supportedOs: ['ws2019', 'ws2022', 'ws2025'],
    osNotes: [],
    dotNet: modernDotNet,
    ...common,
    sources: [MATRIX, PREREQS, SYSREQ, HC_VC],
  },
  {
    product: 'Exchange 2019',
    cu: 'CU14',
    setupRefusesWith: [],
    coexistenceMinimums: COEXISTENCE_MINIMUMS,
    supportedOs: ['ws2019', 'ws2022'],
    osNotes: ['Exchange 2019 CU14 on Windows Server 2025 is reported supported by one source and capped at 2022 by another: prefer CU15 or SE there.'],
    dotNet: modernDotNet.filter(d => d.os !== 'ws2025'),
    ...common,
    sources: [MATRIX, PREREQS, SYSREQ, HC_VC],
  },
  {
    product: 'Exchange 2016',
    cu: 'CU23',
    setupRefusesWith: [],
    supportedOs: ['ws2012', 'ws2012r2', 'ws2016'],
    osNotes: ['Exchange 2016 runs on Desktop Experience only (no Server Core).'],
    dotNet: ['ws2012', 'ws2012r2', 'ws2016'].map(os => ({ os, minimumRelease: NET48, recommendedRelease: NET48 })),
    ...common,
    sources: [MATRIX, SYSREQ, HC_VC],
  },
];

// §4 download pages of the prerequisites (Microsoft pages; the direct file links in the
// reference come from a third-party script, so they are not used).
export const PREREQUISITE_DOWNLOADS = [
  { id: 'dotnet-4.8', title: '.NET Framework 4.8', page: 'https://dotnet.microsoft.com/download/dotnet-framework/net48' },
  { id: 'dotnet-4.8.1', title: '.NET Framework 4.8.1', page: 'https://dotnet.microsoft.com/download/dotnet-framework/net481' },
  { id: 'vcredist-2012', title: 'Visual C++ Redistributable for Visual Studio 2012 Update 4 (x64)', page: 'https://www.microsoft.com/download/details.aspx?id=30679' },
  { id: 'vcredist-2013', title: 'Visual C++ Redistributable Packages for Visual Studio 2013 (x64)', page: 'https://support.microsoft.com/help/4032938' },
  { id: 'ucma-4.0', title: 'Unified Communications Managed API 4.0 Runtime', page: 'https://www.microsoft.com/download/details.aspx?id=34992' },
  { id: 'url-rewrite', title: 'IIS URL Rewrite Module 2.1', page: 'https://www.iis.net/downloads/microsoft/url-rewrite' },
];

// §3 hashes: the one SHA-256 the reference verified (KB5014261 file hash table).
export const PUBLISHED_SHA256 = {
  'Exchange 2016|CU23|May22SU|exe': 'D0AF2857EFAEE91074DD4DB8AA4805EDA816DECC6AB6C887CD33CAB1D1D7E312',
};

/** Learn typos corrected in the generated data, with why. */
export const KB_CORRECTIONS = {
  // Learn writes "KB581424" on the Oct/Nov 2020 rows; the curated table has KB4581424 for the same month.
  KB581424: 'KB4581424',
};

/** ISO file names seen for the CU media (§3): third-party sightings, so never marked confirmed. */
export const ISO_FILE_NAMES = {
  'Exchange 2019|CU15': 'ExchangeServer2019-x64-CU15.ISO',
  'Exchange 2019|CU14': 'ExchangeServer2019-x64-CU14.ISO',
};

/** Since the May 2022 SU every SU/HU also ships as a self-elevating .exe (§3, KB5011363). */
export const EXE_PACKAGES_SINCE = '2022-05-10';
