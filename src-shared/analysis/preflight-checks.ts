import type { ServerFacts } from '../domain/facts';
import { psQuote } from '../domain/powershell-quote';
import { classifyBuild } from '../knowledge/classifier';

/**
 * The pre-flight right before a server's Setup or SU run: what Exchange Setup checks (and
 * Microsoft's SetupAssist reads), judged from the facts the probe read. One definition, used by
 * the finding, the runbook's "fix before you start" items, the plan simulator and the Upgrade
 * step's list. What could not be read is "unknown" with how to read it, never passed.
 */
export type PreflightStatus = 'passed' | 'blocker' | 'unknown';

export type PreflightCheckId =
  | 'pending-restart'
  | 'install-watermark'
  | 'installer-cache'
  | 'execution-policy'
  | 'language-mode'
  | 'disabled-services'
  | 'support-services'
  | 'account-groups'
  | 'arbitration-mailboxes'
  | 'free-disk';

export interface PreflightCheck {
  id: PreflightCheckId;
  /** What is checked, in a few words. */
  title: string;
  status: PreflightStatus;
  /** What was found (the evidence), or for unknown why it is not known. */
  detail: string;
  /** For a blocker: what to do, in a sentence. */
  fix: string | null;
  /** For a blocker: the commands to run on the server (literals quoted with psQuote). */
  commands: string[];
  /** For unknown: how to read it by hand on the server. */
  howToRead: string | null;
}

export interface PreflightContext {
  /** 'setup' for a CU or in-place Setup run, 'su' for a security update package. */
  run: 'setup' | 'su';
  isEdge: boolean;
  /** The run also prepares Active Directory (Schema Admins and Enterprise Admins needed). */
  preparesAd: boolean;
  /** The planner's free-space prerequisite for the install drive, when the plan has one. */
  diskSpace?: { met: boolean | null; detail: string } | null;
  today?: string;
}

/** Execution policies Setup's own scripts run under without being stopped. */
const HARMLESS_POLICY = new Set(['Undefined', 'Unrestricted', 'Bypass']);
const RELOGON = 'A new group membership is only in a new logon token: sign out and in again (or start a new session) after adding it, before running Setup.';

/**
 * The checks for one server, in the order they are worth fixing; [] when the probe did not
 * collect the pre-flight at all (an older probe or collector).
 */
export function preflightChecks(facts: ServerFacts | null, ctx: PreflightContext): PreflightCheck[] {
  if (facts === null || facts.preflight === undefined) return [];
  const p = facts.preflight;
  const checks: PreflightCheck[] = [
    pendingRestart(facts),
    watermark(p?.watermarks ?? null),
    installerCache(p?.installerPackages ?? null, ctx.today),
    executionPolicy(p?.executionPolicy ?? null),
    languageMode(p?.languageMode ?? null),
    disabledServices(p?.disabledExchangeServices ?? null),
    supportServices(p?.supportServices ?? null),
    accountGroups(p?.account ?? null, ctx),
  ];
  if (!ctx.isEdge && ctx.run === 'setup') checks.push(arbitrationMailboxes(p?.orphanedArbitrationMailboxes ?? null));
  if (ctx.diskSpace)
    checks.push(
      check('free-disk', 'Free space on the install drive', ctx.diskSpace.met === null ? 'unknown' : ctx.diskSpace.met ? 'passed' : 'blocker', ctx.diskSpace.detail, {
        fix: 'Free space on the Exchange install drive (old logs, ISO files), then re-scan.',
        howToRead: 'Get-Volume on the server.',
      }),
    );
  return checks;
}

/** Each check's failure in a few words, for headlines ("execution policy set by Group Policy"). */
export const PREFLIGHT_BLOCKER_LABEL: Record<PreflightCheckId, string> = {
  'pending-restart': 'a restart is pending',
  'install-watermark': 'an earlier Setup stopped part-way',
  'installer-cache': 'cached installer package missing',
  'execution-policy': 'execution policy set by Group Policy',
  'language-mode': 'PowerShell not in FullLanguage mode',
  'disabled-services': 'Exchange services Disabled',
  'support-services': 'Remote Registry, MSDTC or firewall service not ready',
  'account-groups': 'the account lacks a group Setup needs',
  'arbitration-mailboxes': 'arbitration mailbox on a deleted database',
  'free-disk': 'not enough free space',
};

/** The blockers only. */
export function preflightBlockers(checks: readonly PreflightCheck[]): PreflightCheck[] {
  return checks.filter(c => c.status === 'blocker');
}

function check(id: PreflightCheckId, title: string, status: PreflightStatus, detail: string, more: { fix?: string; commands?: string[]; howToRead?: string } = {}): PreflightCheck {
  return {
    id,
    title,
    status,
    detail,
    fix: status === 'blocker' ? (more.fix ?? null) : null,
    commands: status === 'blocker' ? (more.commands ?? []) : [],
    howToRead: status === 'unknown' ? (more.howToRead ?? null) : null,
  };
}

function pendingRestart(facts: ServerFacts): PreflightCheck {
  const r = facts.reboot;
  const title = 'No restart pending';
  const howToRead =
    'Look for Component Based Servicing\\RebootPending, WindowsUpdate\\Auto Update\\RebootRequired, Session Manager PendingFileRenameOperations and Updates\\UpdateExeVolatile in the registry.';
  if (r === null) return check('pending-restart', title, 'unknown', 'The pending-restart sources could not be read.', { howToRead });
  if (!r.pending) return check('pending-restart', title, 'passed', 'No source Setup looks at asks for a restart.');
  return check('pending-restart', title, 'blocker', `A restart is pending (${r.sources.join(', ')}): Setup refuses to start.`, {
    fix: 'Restart the server first (the runbook\'s "Reboot before the update"); if the keys stay after the restart, see Microsoft\'s pending-reboot guidance.',
  });
}

function watermark(marks: NonNullable<ServerFacts['preflight']>['watermarks']): PreflightCheck {
  const title = 'No earlier Setup stopped part-way';
  if (marks === null)
    return check('install-watermark', title, 'unknown', 'HKLM\\SOFTWARE\\Microsoft\\ExchangeServer\\v15 could not be read.', {
      howToRead: "Get-ChildItem HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15 -Recurse | Where-Object { $_.Property -contains 'Watermark' }",
    });
  if (marks.length === 0) return check('install-watermark', title, 'passed', 'No Setup watermark under HKLM\\SOFTWARE\\Microsoft\\ExchangeServer\\v15.');
  const where = marks.map(m => `${m.key === '' ? 'v15' : m.key}: ${m.watermark}${m.action ? ` (${m.action})` : ''}`).join('; ');
  return check('install-watermark', title, 'blocker', `An earlier Setup run stopped part-way (${where}).`, {
    fix: "Re-run the same Setup (the same media, elevated, /Mode:Upgrade): it resumes from the watermark. Another build's Setup refuses.",
  });
}

function installerCache(packages: NonNullable<ServerFacts['preflight']>['installerPackages'], today: string | undefined): PreflightCheck {
  const title = "Windows Installer's cached Exchange packages present";
  const howToRead =
    "Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Installer\\UserData\\S-1-5-18\\Products\\*\\InstallProperties' | Where-Object DisplayName -like '*Exchange*' | ForEach-Object { Test-Path -LiteralPath $_.LocalPackage }";
  if (packages === null || packages.length === 0) return check('installer-cache', title, 'unknown', "Windows Installer's record of the Exchange product could not be read.", { howToRead });
  const missing = packages.filter(p => p.found === false);
  if (missing.length > 0) {
    const named = missing.map(p => `${p.displayName} ${p.displayVersion ?? ''}`.trim() + (p.localPackage ? ` (${p.localPackage})` : '') + mediaOf(p.displayVersion, today)).join('; ');
    return check('installer-cache', title, 'blocker', `Missing from C:\\Windows\\Installer: ${named}. Setup cannot remove the installed build without it (errors 1612/1603).`, {
      fix: `Restore the cached files with Microsoft's FixInstallerCache script (aka.ms/ExInstallerCacheFix), pointed at the media of the installed build${mediaOf(missing[0]?.displayVersion ?? null, today)}.`,
    });
  }
  if (packages.some(p => p.found === null)) return check('installer-cache', title, 'unknown', 'Whether every cached package is there could not be checked.', { howToRead });
  return check('installer-cache', title, 'passed', `${packages.map(p => `${p.displayName} ${p.displayVersion ?? ''}`.trim()).join('; ')}: cached package present.`);
}

/** ": the media of Exchange 2019 CU14", when the catalog knows the build. */
function mediaOf(version: string | null, today: string | undefined): string {
  if (!version) return '';
  try {
    const c = classifyBuild(version, today ? { today } : {});
    return c.known || c.resolvedTo ? ` — ${c.product} ${c.cu} media` : '';
  } catch {
    // Not a build number the catalog reads: name the version alone.
    return '';
  }
}

function executionPolicy(policy: NonNullable<ServerFacts['preflight']>['executionPolicy']): PreflightCheck {
  const title = 'No execution policy from Group Policy';
  if (policy === null) return check('execution-policy', title, 'unknown', 'Get-ExecutionPolicy -List could not be read.', { howToRead: 'Get-ExecutionPolicy -List on the server.' });
  const set = [
    ['MachinePolicy', policy.machinePolicy],
    ['UserPolicy', policy.userPolicy],
  ].filter(([, v]) => v !== null && !HARMLESS_POLICY.has(v as string));
  if (set.length === 0)
    return check('execution-policy', title, 'passed', `MachinePolicy ${policy.machinePolicy ?? 'unknown'}, UserPolicy ${policy.userPolicy ?? 'unknown'}; in effect ${policy.effective ?? 'unknown'}.`);
  return check('execution-policy', title, 'blocker', `Group Policy sets the execution policy (${set.map(([s, v]) => `${s} ${v}`).join(', ')}): Setup's PowerShell steps fail part-way under it.`, {
    fix: 'Remove the "Turn on Script Execution" policy for this server (and the installing account) in Group Policy, run gpupdate /force, and check that MachinePolicy and UserPolicy show Undefined.',
    commands: ['gpupdate /force', 'Get-ExecutionPolicy -List'],
  });
}

function languageMode(mode: string | null): PreflightCheck {
  const title = 'PowerShell in FullLanguage mode';
  if (mode === null) return check('language-mode', title, 'unknown', 'The language mode could not be read.', { howToRead: '$ExecutionContext.SessionState.LanguageMode in PowerShell on the server.' });
  if (mode === 'FullLanguage') return check('language-mode', title, 'passed', 'FullLanguage.');
  return check('language-mode', title, 'blocker', `PowerShell runs in ${mode} (an application-control policy): Setup's PowerShell steps fail.`, {
    fix: 'Exempt the server from the AppLocker/WDAC policy (or the __PSLockdownPolicy variable) for the window, until $ExecutionContext.SessionState.LanguageMode shows FullLanguage.',
  });
}

function disabledServices(list: NonNullable<ServerFacts['preflight']>['disabledExchangeServices']): PreflightCheck {
  const title = 'No Exchange service Disabled';
  if (list === null)
    return check('disabled-services', title, 'unknown', 'The services could not be listed.', {
      howToRead: "Get-Service MSExchange*, FMS, HostControllerService | Where-Object StartType -eq 'Disabled'",
    });
  if (list.length === 0) return check('disabled-services', title, 'passed', 'No Exchange service is set to Disabled.');
  return check('disabled-services', title, 'blocker', `Disabled: ${list.map(s => s.name).join(', ')} (an earlier Setup that failed leaves them so).`, {
    fix: 'Set them back to Automatic and start them before Setup.',
    commands: list.flatMap(s => [`Set-Service -Name ${psQuote(s.name)} -StartupType Automatic`, `Start-Service -Name ${psQuote(s.name)}`]),
  });
}

function supportServices(list: NonNullable<ServerFacts['preflight']>['supportServices']): PreflightCheck {
  const title = 'Remote Registry, MSDTC and Windows Firewall services';
  if (list === null) return check('support-services', title, 'unknown', 'The services could not be listed.', { howToRead: 'Get-Service RemoteRegistry, MSDTC, MpsSvc' });
  const bad = list.filter(s => {
    // Remote Registry starts on demand (trigger start): stopped is fine, Disabled or absent is not.
    if (s.name.toLowerCase() === 'remoteregistry') return s.status === 'NotFound' || s.startType === 'Disabled';
    return s.status !== 'Running';
  });
  if (bad.length === 0) return check('support-services', title, 'passed', list.map(s => `${s.name} ${s.status}`).join(', ') + '.');
  return check(
    'support-services',
    title,
    'blocker',
    `${bad.map(s => `${s.name} ${s.status === 'NotFound' ? 'not installed' : `${s.status} (${s.startType})`}`).join(', ')}: Setup's prerequisite checks fail (Remote Registry unreachable, MSDTC stopped, the firewall's endpoint mapper).`,
    {
      fix: 'Set them to start automatically and start them.',
      commands: bad.filter(s => s.status !== 'NotFound').flatMap(s => [`Set-Service -Name ${psQuote(s.name)} -StartupType Automatic`, `Start-Service -Name ${psQuote(s.name)}`]),
    },
  );
}

function accountGroups(account: NonNullable<ServerFacts['preflight']>['account'], ctx: PreflightContext): PreflightCheck {
  const title = 'The installing account has the rights Setup needs';
  const needed: Array<[string, boolean | null]> = [];
  if (account !== null) {
    needed.push(['local Administrators', account.localAdministrators]);
    if (ctx.run === 'setup' && !ctx.isEdge) needed.push(['Organization Management', account.organizationManagement]);
    if (ctx.preparesAd && !ctx.isEdge) needed.push(['Schema Admins', account.schemaAdmins], ['Enterprise Admins', account.enterpriseAdmins]);
  }
  if (account === null || needed.some(([, v]) => v === null)) {
    return check('account-groups', title, 'unknown', 'The groups of the account could not be read.', { howToRead: 'whoami /groups in the window you will run Setup from.' });
  }
  const who = `Read from ${account.name ?? 'the account'}, the account the wizard connects as: the best evidence of the account that will run Setup (run Setup as this account).`;
  const missing = needed.filter(([, v]) => v === false).map(([g]) => g);
  if (missing.length === 0) return check('account-groups', title, 'passed', `${who} In ${needed.map(([g]) => g).join(', ')}.`);
  return check('account-groups', title, 'blocker', `${who} Not in: ${missing.join(', ')}.`, { fix: `Add the account to ${missing.join(', ')}. ${RELOGON}` });
}

function arbitrationMailboxes(list: NonNullable<ServerFacts['preflight']>['orphanedArbitrationMailboxes']): PreflightCheck {
  const title = 'Arbitration mailboxes on databases that exist';
  if (list === null)
    return check('arbitration-mailboxes', title, 'unknown', 'The arbitration mailboxes could not be read.', {
      howToRead: 'Get-Mailbox -Arbitration | Format-Table Name, Database in the Exchange Management Shell.',
    });
  if (list.length === 0) return check('arbitration-mailboxes', title, 'passed', 'Every arbitration mailbox is on a database that exists.');
  return check(
    'arbitration-mailboxes',
    title,
    'blocker',
    `On a database that no longer exists: ${list.map(m => `${m.name} (${m.database ?? 'none'})`).join(', ')}. Setup fails on them for the Mailbox role.`,
    {
      fix: 'Point each at a database that exists (Exchange Management Shell).',
      commands: list.map(m => `Set-Mailbox -Arbitration -Identity ${psQuote(m.name)} -Database (Get-MailboxDatabase | Select-Object -First 1).Name   # or the database you choose`),
    },
  );
}
