import { ev, finding, isEdge, type Check } from '../check';
import { DOCS } from '../links';

/**
 * Health Checker's list of services that must run (Get-ExchangeDependentServices.ps1): critical
 * ones must run; common ones must run unless they are manual-start by design (BITS), which are
 * never flagged for being stopped.
 */
interface WatchedService {
  type: 'critical' | 'common';
  manualStart: boolean;
}
const WATCHED_SERVICES: ReadonlyMap<string, WatchedService> = new Map<string, WatchedService>([
  ...[
    'WinMgmt',
    'W3Svc',
    'IISAdmin',
    'Pla',
    'MpsSvc',
    'RpcEptMapper',
    'EventLog',
    'MSExchangeADTopology',
    'MSExchangeDelivery',
    'MSExchangeFastSearch',
    'MSExchangeFrontEndTransport',
    'MSExchangeIS',
    'MSExchangeRepl',
    'MSExchangeRPC',
    'MSExchangeServiceHost',
    'MSExchangeSubmission',
    'MSExchangeTransport',
    'HostControllerService',
  ].map((name): [string, WatchedService] => [name.toLowerCase(), { type: 'critical', manualStart: name === 'Pla' }]),
  ...[
    'MSExchangeAntispamUpdate',
    'MSComplianceAudit',
    'MSExchangeCompliance',
    'MSExchangeDagMgmt',
    'MSExchangeDiagnostics',
    'MSExchangeEdgeSync',
    'MSExchangeHM',
    'MSExchangeHMRecovery',
    'MSExchangeMailboxAssistants',
    'MSExchangeMailboxReplication',
    'MSExchangeMitigation',
    'MSExchangeThrottling',
    'MSExchangeTransportLogSearch',
    'BITS',
  ].map((name): [string, WatchedService] => [name.toLowerCase(), { type: 'common', manualStart: name === 'BITS' }]),
]);

/** Whether a watched service that is not running is a problem Health Checker would report. */
function mustRun(name: string): 'critical' | 'common' | null {
  const entry = WATCHED_SERVICES.get(name.toLowerCase());
  if (!entry) return 'common';
  if (entry.type === 'common' && entry.manualStart) return null;
  return entry.type;
}

/** Maintenance state, DAG membership and services: is the server in a state to be updated? */
export const exchangeStateChecks: Check[] = [
  function maintenanceState(ctx) {
    const m = ctx.facts?.maintenance;
    if (!m || isEdge(ctx)) return [];
    const problems: string[] = [];
    for (const c of m.inactiveComponents) problems.push(`component ${c.component} is ${c.state}`);
    if (m.clusterNodeState && !/^up$/i.test(m.clusterNodeState)) problems.push(`cluster node is ${m.clusterNodeState}`);
    if (m.databaseCopyActivationDisabledAndMoveNow === true) problems.push('DatabaseCopyActivationDisabledAndMoveNow is True');
    if (m.databaseCopyAutoActivationPolicy && !/^unrestricted$/i.test(m.databaseCopyAutoActivationPolicy)) {
      problems.push(`DatabaseCopyAutoActivationPolicy is ${m.databaseCopyAutoActivationPolicy}`);
    }
    const evidence = [
      ev('Inactive components', m.inactiveComponents.map(c => c.component).join(', ') || 'none'),
      ev('Cluster node', m.clusterNodeState),
      ev('Auto-activation policy', m.databaseCopyAutoActivationPolicy),
    ];
    if (problems.length === 0) {
      return [finding('exchange.maintenance', 'ok', 'Not in maintenance mode', { evidence, why: 'All server components are active.', action: 'Nothing to do.', links: [DOCS.serverComponentState] })];
    }
    return [
      finding('exchange.maintenance', 'critical', 'The server is (partly) in maintenance mode', {
        evidence: [...evidence, ev('Found', problems.join('; '))],
        why: 'A server left in maintenance mode does not serve mail; an interrupted update often leaves components inactive.',
        action:
          'If no update is running, take it out of maintenance (the Upgrade step lists the commands), e.g. Set-ServerComponentState <server> -Component ServerWideOffline -State Active -Requester Maintenance.',
        links: [DOCS.serverComponentState],
      }),
    ];
  },

  function dagMembership(ctx) {
    const m = ctx.facts?.maintenance;
    if (!m || isEdge(ctx)) return [];
    return [
      finding('exchange.dag', 'info', m.dagName ? `Member of database availability group ${m.dagName}` : 'Standalone server (no DAG)', {
        evidence: [ev('DAG', m.dagName ?? 'none')],
        why: m.dagName
          ? 'DAG members are updated one at a time, each in maintenance mode, so mail keeps flowing.'
          : 'Without a DAG, updating this server means a full mail outage for its users during the update.',
        action: m.dagName ? 'Follow the order in the plan.' : 'Schedule the update in a maintenance window and tell the users.',
        links: [DOCS.installCumulativeUpdates],
      }),
    ];
  },

  function servicesRunning(ctx) {
    const all = ctx.facts?.servicesNotRunning;
    if (!all) return [];
    const list = all.filter(s => mustRun(s.name) !== null);
    if (list.length === 0) {
      return [
        finding('exchange.services', 'ok', 'All required services are running', {
          evidence: [ev('Not running', all.length > 0 ? `only manual-start services: ${all.map(s => s.name).join(', ')}` : 'none')],
          why: 'Exchange depends on these services.',
          action: 'Nothing to do.',
        }),
      ];
    }
    const critical = list.filter(s => mustRun(s.name) === 'critical');
    return [
      finding('exchange.services', critical.length > 0 ? 'critical' : 'warning', `${list.length} service(s) not running as expected`, {
        evidence: list.map(s => ev(s.name, `${s.status}, ${s.startType}`)),
        why:
          critical.length > 0
            ? 'Core Exchange or Windows services are down: mail flow or management is affected. A failed or interrupted update is a common cause (services left Disabled).'
            : 'Supporting services are down; some features (monitoring, mitigations, search) are affected.',
        action: 'Set the listed services to their normal start type and start them; if an update was interrupted, run it again from an elevated prompt.',
        links: [DOCS.installCumulativeUpdates],
      }),
    ];
  },
];
