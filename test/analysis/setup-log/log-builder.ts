/**
 * Writes ExchangeSetup.log text in the format Setup itself writes: `[MM/dd/yyyy HH:mm:ss.ffff]
 * [level] message` lines, continuation lines without the prefix (commands and exceptions),
 * `Evaluated [Rule:…]` readiness lines, `[ERROR]` and `[ERROR-REFERENCE] Id=… Component=…`,
 * several runs in one file, CRLF line ends, UTF-8 with a BOM or UTF-16LE. Tests build their
 * logs here instead of keeping big files in git, and mark the lines they expect as evidence.
 */

export interface RunOptions {
  product?: '2016' | '2019' | 'Subscription Edition';
  setupVersion?: string;
  user?: string;
  mode?: string;
  computer?: string;
  site?: string;
  installedVersion?: string | null;
  schemaMaster?: string;
  domainController?: string;
  /** Schema, organization and domain "Update Required Status" values. */
  updates?: { schema?: boolean; organization?: boolean; domain?: boolean };
}

/** The readiness checks a healthy upgrade evaluates, with the value a healthy server gives. */
const HEALTHY_SETTINGS: readonly [string, string][] = [
  ['SchemaAdmin', 'True'],
  ['EnterpriseAdmin', 'True'],
  ['ExOrgAdmin', 'True'],
  ['LocalDomainIsPrepped', 'True'],
  ['ServerAlreadyExists', 'True'],
];
const HEALTHY_RULES: readonly string[] = [
  'PendingRebootWindowsComponents',
  'RebootPending',
  'ProcessNeedsToBeClosedOnUpgrade',
  'DomainControllerIsOutOfSite',
  'RemoteRegException',
  'MSDTCStopped',
  'IisUrlRewriteNotInstalled',
  'DomainPrepRequired',
  'SchemaUpdateRequired',
  'GlobalUpdateRequired',
  'InstallWatermark',
  'DelegatedMailboxFirstInstall',
];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export class SetupLogBuilder {
  private readonly lines: string[] = [];
  private readonly marks = new Map<string, number[]>();
  private clock: number;
  private level = 0;
  private options: Required<Omit<RunOptions, 'updates' | 'installedVersion'>> & Pick<RunOptions, 'updates' | 'installedVersion'> = SetupLogBuilder.defaults({});

  constructor(start = Date.UTC(2026, 10, 14, 22, 5, 11, 312)) {
    this.clock = start;
  }

  private static defaults(o: RunOptions) {
    return {
      product: o.product ?? '2019',
      setupVersion: o.setupVersion ?? '15.2.1748.10',
      user: o.user ?? 'CONTOSO\\Administrator',
      mode: o.mode ?? 'Upgrade',
      computer: o.computer ?? 'EX01.contoso.com',
      site: o.site ?? 'Default-First-Site-Name',
      installedVersion: o.installedVersion === undefined ? '15.2.1544.4' : o.installedVersion,
      schemaMaster: o.schemaMaster ?? 'DC01.contoso.com',
      domainController: o.domainController ?? 'DC01.contoso.com',
      updates: o.updates,
    };
  }

  private stamp(): string {
    const d = new Date(this.clock);
    this.clock += 17 + (this.lines.length % 5) * 3;
    return `[${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${d.getUTCMilliseconds() % 10}]`;
  }

  /** Moves the clock on (a long step). */
  wait(ms: number): this {
    this.clock += ms;
    return this;
  }

  /** Sets the nesting level of the lines that follow. */
  at(level: number): this {
    this.level = level;
    return this;
  }

  /** A line with Setup's prefix; `mark` records its 1-based number under that name. */
  log(message: string, mark?: string): this {
    if (mark) this.mark(mark);
    this.lines.push(`${this.stamp()} [${this.level}] ${message}`);
    return this;
  }

  /** A line without the prefix (the rest of a command or an exception). */
  raw(text: string, mark?: string): this {
    if (mark) this.mark(mark);
    this.lines.push(text);
    return this;
  }

  private mark(name: string): void {
    const list = this.marks.get(name) ?? [];
    list.push(this.lines.length + 1);
    this.marks.set(name, list);
  }

  /** The 1-based line numbers recorded under a mark. */
  marked(name: string): number[] {
    return this.marks.get(name) ?? [];
  }

  /** The header Setup writes when it starts. */
  start(options: RunOptions = {}): this {
    this.options = SetupLogBuilder.defaults(options);
    const o = this.options;
    const short = o.computer.split('.')[0] as string;
    this.at(0)
      .log('**********************************************')
      .log(`Starting Microsoft Exchange Server ${o.product} Setup`, 'start')
      .log('**********************************************')
      .log('Local time zone: (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna.')
      .log('Operating system version: Microsoft Windows NT 10.0.17763.0.')
      .log(`Setup version: ${o.setupVersion}.`)
      .log(`Logged on user: ${o.user}.`)
      .log(`Command Line Parameter Name='mode', Value='${o.mode}'.`)
      .log("Command Line Parameter Name='iacceptexchangeserverlicenseterms_diagnosticdataoff', Value=''.")
      .log(`RuntimeAssembly was started with the following command: '/mode:${o.mode} /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /sourcedir:E:'.`)
      .log('Setup is choosing the domain controller to use')
      .log('Setup is choosing a local domain controller...')
      .log(`Setup has chosen the local domain controller ${o.domainController} for initial queries`)
      .log(`PrepareAD has been run, and has replicated to this domain controller; so setup will use ${o.domainController}`)
      .log(`Setup will use the domain controller '${o.domainController}'.`)
      .log(`Setup will use the global catalog '${o.domainController}'.`)
      .log("Exchange configuration container for the organization is 'CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com'.")
      .log("Exchange organization container for the organization is 'CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com'.");
    if (o.installedVersion) {
      this.log(`The locally installed version is ${o.installedVersion}.`)
        .log("Exchange Installation Directory : 'C:\\Program Files\\Microsoft\\Exchange Server\\V15'.")
        .log(`The backup copy of the previously installed version is '${o.installedVersion}'.`);
    }
    const u = o.updates ?? {};
    this.log(`Schema Update Required Status : '${u.schema ? 'True' : 'False'}'.`, 'schema-status')
      .log(`Organization Configuration Update Required Status : '${u.organization ? 'True' : 'False'}'.`, 'org-status')
      .log(`Domain Configuration Update Required Status : '${u.domain ? 'True' : 'False'}'.`, 'domain-status')
      .log('Applying default role selection state')
      .log(`Setup is determining what organization-level operations to perform.`)
      .log(`The following roles have been unpacked: BridgeheadRole ClientAccessRole UnifiedMessagingRole MailboxRole FrontendTransportRole CafeRole`)
      .log(`Server Name=${short}`);
    return this;
  }

  /** `Evaluated [Rule|Setting:name] … [Value:"value"]`, as the readiness checks write it. */
  evaluated(kind: 'Rule' | 'Setting', name: string, value: string, mark?: string): this {
    return this.log(`Evaluated [${kind}:${name}] [HasException:False] [Value:"${value}"] [ParentValue:"<NULL>"] [Thread:${7 + (name.length % 5)}] [Duration:00:00:00.0156${pad(name.length)}]`, mark);
  }

  /**
   * The readiness checks: every rule False and every membership True unless `overrides` says
   * otherwise (`{ 'Rule:MSDTCStopped': 'True' }`); each overridden line is marked with its key.
   */
  readiness(overrides: Record<string, string> = {}, extra: [string, string][] = []): this {
    const o = this.options;
    this.at(1)
      .log('Setup is validating the prerequisites')
      .log('Executing:')
      .raw(`          Test-SetupPrerequisites -DomainController '${o.domainController}' -ExchangeVersion '${o.setupVersion}' -Roles 'Mailbox','AdminTools'`)
      .evaluated('Setting', 'ComputerNameDnsFullyQualified', o.computer)
      .evaluated('Setting', 'SiteName', o.site)
      .evaluated('Setting', 'DomainController', o.domainController)
      .evaluated('Setting', 'DomainControllerSiteName', o.site);
    const seen = new Set<string>();
    const write = (key: string, value: string, marked = key in overrides) => {
      const [kind, name] = key.split(':') as ['Rule' | 'Setting', string];
      seen.add(key);
      this.evaluated(kind, name, overrides[key] ?? value, marked ? key : undefined);
    };
    for (const [name, value] of HEALTHY_SETTINGS) write(`Setting:${name}`, value);
    for (const name of HEALTHY_RULES) write(`Rule:${name}`, 'False');
    for (const [key, value] of extra) write(key, value, true);
    for (const [key, value] of Object.entries(overrides)) if (!seen.has(key)) write(key, value);
    return this.log('Ending processing Test-SetupPrerequisites');
  }

  /** A readiness check that stopped Setup, as Setup reports it. */
  failedRule(name: string, message: string, mark?: string): this {
    return this.at(1).log(`Failed [Rule:${name}] [Message:${message}]`, mark);
  }

  /** Ordinary progress: copying files and component tasks that pass. */
  progress(tasks = 12): this {
    this.at(1).log("Processing component 'Common Files' (Copying Exchange files).").log('Beginning processing Install-ExchangeCommon');
    for (let i = 0; i < tasks; i++) {
      this.at(2)
        .log(`Setup is running component task ${i} of ${tasks}`)
        .log('Executing:')
        .raw(`          $error.Clear();`)
        .raw(`          Install-ExchangeCertificate -Services 'IIS, POP, IMAP, SMTP' -DomainController $RoleDomainController -InstallInTrustedRootCAStore:$true`)
        .log(`Active Directory session settings for 'Set-ServerComponentState' are: View Entire Forest: 'True', Configuration Domain Controller: '${this.options.domainController}'`)
        .log(`The task took ${(i % 7) + 1}.${pad(i)} seconds.`);
    }
    return this.at(1).log('Finished executing component tasks.');
  }

  /** `n` lines of the everyday chatter that makes real logs a few MB. */
  filler(n: number): this {
    for (let i = 0; i < n; i++) {
      this.at(2).log(
        `Active Directory session settings for 'Get-ExchangeServer' are: View Entire Forest: 'True', Configuration Domain Controller: '${this.options.domainController}', Preferred Global Catalog: '${this.options.domainController}', Preferred Domain Controllers: '{ ${this.options.domainController} }'`,
      );
    }
    return this;
  }

  /**
   * A component task that fails: its command, the `[ERROR]` lines (the first marked `error`),
   * continuation lines, and the `[ERROR-REFERENCE]` (marked `reference`).
   */
  componentFailure(referenceId: string, errorLines: readonly string[], continuation: readonly string[] = [], before: readonly string[] = []): this {
    this.at(2).log('Executing:').raw('          $error.Clear();').raw("          & $RoleBinPath\\ServiceControl.ps1 Stop $RoleRoles.Replace('Role','').Split(',')");
    for (const line of before) this.log(line, 'before');
    errorLines.forEach((line, i) => {
      this.log(`[ERROR] ${line}`, i === 0 ? 'error' : `error${i}`);
      if (i === 0) for (const c of continuation) this.raw(c, 'continuation');
    });
    this.log(`[ERROR-REFERENCE] Id=${referenceId} Component=EXCHANGE14:\\Current\\Release\\Shared\\Datacenter\\Setup`, 'reference')
      .log('Setup is stopping now because of one or more critical errors.')
      .log('Finished executing component tasks.')
      .at(1)
      .log('Ending processing Install-ExchangeCommon');
    return this.notCompleted();
  }

  /** The end of a failed run. */
  notCompleted(): this {
    return this.at(0)
      .log("The Exchange Server setup operation didn't complete. More details can be found in ExchangeSetup.log located in the <SystemDrive>:\\ExchangeSetupLogs folder.", 'not-completed')
      .log('CurrentResult setupbase.maincore:396: 1')
      .log('End of Setup')
      .log('**********************************************');
  }

  /** The end of a good run. */
  succeeded(): this {
    return this.at(0)
      .log('The Exchange Server setup operation completed successfully.', 'success')
      .log('CurrentResult setupbase.maincore:396: 0')
      .log('End of Setup')
      .log('**********************************************');
  }

  /** The file's text with CRLF line ends (as Setup writes them). */
  text(eol = '\r\n'): string {
    return this.lines.join(eol) + eol;
  }

  /** The file's bytes: UTF-8 with a BOM, UTF-8 without, or UTF-16LE with its BOM. */
  bytes(encoding: 'utf8-bom' | 'utf8' | 'utf16le' = 'utf8-bom'): Buffer {
    const text = this.text();
    if (encoding === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const body = Buffer.from(text, 'utf8');
    return encoding === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }
}

/** A file with one earlier, good run and then the run under test. */
export function withEarlierRun(build: (log: SetupLogBuilder) => void, options: RunOptions = {}): SetupLogBuilder {
  const log = new SetupLogBuilder();
  log
    .start({ ...options, installedVersion: '15.2.1258.12', setupVersion: '15.2.1544.4' })
    .readiness()
    .progress(4)
    .succeeded();
  log.wait(86_400_000 * 40).start(options);
  build(log);
  return log;
}
