import type { ServerScanResult } from '../assessment/scan-report';
import type { ServerFacts } from '../domain/facts';
import { buildReached } from './build-reached';
import { serverPreflight } from './preflight';
import type { AutoCheck, AutoCheckId } from './checklist-item';

/**
 * What the wizard concludes from one read-only check of a runbook item's "done when", from the
 * facts of a scan of that server made for the check:
 * - passed: the facts show the item done; the evidence says what was read;
 * - failed: the facts show it not done (what was read instead);
 * - unknown: the facts needed could not be read (or are not probed): the admin judges, and the
 *   evidence says how to read it by hand.
 */
export interface AutoCheckOutcome {
  status: 'passed' | 'failed' | 'unknown';
  /** One sentence with the values read, e.g. "ExSetup.exe reports 15.2.2562.37". */
  evidence: string;
}

/**
 * Components that are Inactive on every on-premises server by design (Health Checker skips them
 * too); the probe already leaves them out, this keeps a capture from an older probe honest.
 */
const INACTIVE_BY_DESIGN = new Set(['forwardsyncdaemon', 'provisioningrps']);

type Evaluator = (facts: ServerFacts, check: AutoCheck, server: ServerScanResult) => AutoCheckOutcome;

const EVALUATORS: Record<AutoCheckId, Evaluator> = {
  'restart-cleared': facts => {
    if (facts.reboot === null)
      return unknown('Whether a restart is pending could not be read', 'Get-ChildItem "HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending" on the server');
    return facts.reboot.pending
      ? { status: 'failed', evidence: `A restart is still pending (${facts.reboot.sources.join(', ') || 'source not named'}).` }
      : { status: 'passed', evidence: 'No restart pending (Component Based Servicing, Windows Update, PendingFileRenameOperations, UpdateExeVolatile all clear).' };
  },
  'build-reached': (facts, check, server) => {
    const now = server.build;
    if (!check.build) return unknown('The item names no build to wait for', '(Get-Command ExSetup.exe).FileVersionInfo.FileVersion on the server');
    if (now === null)
      return unknown(
        `ExSetup.exe's version could not be read (${facts.exchange.exSetupVersion === null ? 'not found' : 'unreadable'})`,
        '(Get-Command ExSetup.exe).FileVersionInfo.FileVersion on the server',
      );
    return buildReached(now, check.build)
      ? { status: 'passed', evidence: `ExSetup.exe reports ${now} (waited for ${check.build}).` }
      : { status: 'failed', evidence: `ExSetup.exe reports ${now}, not yet ${check.build}.` };
  },
  'maintenance-entered': facts => {
    if (facts.maintenance === null) return unknown('The server components could not be read', 'Get-ServerComponentState <server> in the Exchange Management Shell');
    const inactive = relevantInactive(facts);
    const offline = inactive.some(c => c.component.toLowerCase() === 'serverwideoffline');
    return offline
      ? { status: 'passed', evidence: `ServerWideOffline is Inactive (${inactive.length} component${inactive.length === 1 ? '' : 's'} not Active).` }
      : { status: 'failed', evidence: 'ServerWideOffline is still Active: the server is not in maintenance mode.' };
  },
  'maintenance-left': facts => {
    if (facts.maintenance === null) return unknown('The server components could not be read', 'Get-ServerComponentState <server> in the Exchange Management Shell');
    const inactive = relevantInactive(facts);
    return inactive.length === 0
      ? { status: 'passed', evidence: 'Every server component is Active (ForwardSyncDaemon and ProvisioningRps are inactive on-premises by design and not counted).' }
      : { status: 'failed', evidence: `Still not Active: ${inactive.map(c => `${c.component} (${c.state})`).join(', ')}.` };
  },
  'services-running': facts => {
    if (facts.servicesNotRunning === null) return unknown('The Exchange services could not be read', "Get-Service MSExchange* | Where-Object { $_.Status -ne 'Running' } on the server");
    const stopped = facts.servicesNotRunning;
    if (stopped.length === 0) return { status: 'passed', evidence: 'Every watched Exchange service is running.' };
    const disabled = stopped.filter(s => s.startType.toLowerCase() === 'disabled');
    return {
      status: 'failed',
      evidence: `Not running: ${stopped.map(s => `${s.name} (${s.status}, ${s.startType})`).join(', ')}.${disabled.length > 0 ? ' Disabled services are what an interrupted Setup leaves behind: set them back to Automatic and start them.' : ''}`,
    };
  },
  'queues-drained': () => unknown('The wizard does not read transport queues', 'Get-Queue -Server <server> in the Exchange Management Shell: every queue except Poison and Shadow at 0'),
  'dag-copies-healthy': () =>
    unknown(
      'The wizard does not read database copy status',
      'Get-MailboxDatabaseCopyStatus -Server <server>: every copy Healthy or Mounted, CopyQueueLength and ReplayQueueLength near 0, ContentIndexState Healthy',
    ),
  'preflight-passed': (_facts, check, server) => {
    const found = serverPreflight(server).find(c => c.id === check.preflightCheck);
    if (!found) return unknown(`The pre-flight has no check "${check.preflightCheck ?? ''}" for this server any more`, 'scan the server again from the Health step');
    if (found.status === 'blocker') return { status: 'failed', evidence: `Still a blocker: ${found.title}. ${found.detail}` };
    if (found.status === 'unknown') return unknown(`${found.title} could not be read`, found.howToRead ?? 'see the pre-flight list above the Setup item');
    return { status: 'passed', evidence: `${found.title}: passed (${found.detail})` };
  },
  'eems-working': facts => {
    const service = facts.eems.service;
    if (service === null) return unknown('The Microsoft Exchange Emergency Mitigation Service was not found', 'Get-Service MSExchangeMitigation on the server');
    const running = service.status.toLowerCase() === 'running';
    const automatic = service.startType.toLowerCase() === 'automatic';
    if (!running || !automatic) return { status: 'failed', evidence: `MSExchangeMitigation is ${service.status} and ${service.startType}; it must be Running and Automatic.` };
    const test = facts.eems.ocsTest;
    if (test === null)
      return unknown(
        'MSExchangeMitigation is Running and Automatic, but the connection to the Office Config Service was not tested',
        "& (Join-Path $exscripts 'Test-MitigationServiceConnectivity.ps1') on the server",
      );
    return test.statusCode === 200
      ? { status: 'passed', evidence: `MSExchangeMitigation is Running and Automatic, and the server reached the Office Config Service (HTTP 200, ${test.testedAt}).` }
      : {
          status: 'failed',
          evidence: `MSExchangeMitigation is Running and Automatic, but the Office Config Service test failed (${test.statusCode === null ? (test.error ?? 'no answer') : `HTTP ${test.statusCode}`}).`,
        };
  },
};

/** Checks whose facts the probe does not collect yet: their answer is always "check by hand". */
const NOT_PROBED: ReadonlySet<AutoCheckId> = new Set(['queues-drained', 'dag-copies-healthy']);

/** Whether the wizard can read what the check needs (else the item is the admin's to judge, with the command). */
export function wizardCanRead(id: AutoCheckId): boolean {
  return !NOT_PROBED.has(id);
}

/** Evaluates one check against a scan of its server (the scan the wizard just made for it). */
export function evaluateAutoCheck(check: AutoCheck, server: ServerScanResult): AutoCheckOutcome {
  if (!server.reachable || server.facts === null) {
    return unknown(`${server.name} could not be read${server.error ? `: ${server.error.message}` : ''}`, 'scan it again once it answers, or check by hand');
  }
  return EVALUATORS[check.id](server.facts, check, server);
}

function relevantInactive(facts: ServerFacts) {
  return (facts.maintenance?.inactiveComponents ?? []).filter(c => !INACTIVE_BY_DESIGN.has(c.component.toLowerCase()));
}

function unknown(what: string, how: string): AutoCheckOutcome {
  return { status: 'unknown', evidence: `${what}. Check by hand: ${how}.` };
}
