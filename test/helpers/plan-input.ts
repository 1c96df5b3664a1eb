import type { PlanInput } from '../../src-shared/knowledge/types';

const GB = 1024 ** 3;

/** A Mailbox server on Windows Server 2019 meeting every prerequisite, as the planner tests start from. */
export function planInput(build: string | null, extra: Partial<PlanInput> = {}): PlanInput {
  return {
    serverName: 'EX01',
    build,
    isEdge: false,
    roles: ['Mailbox'],
    osProductName: 'Windows Server 2019 Datacenter',
    osBuildNumber: 17763,
    // What Windows Server 2019 reports for .NET 4.8 (528040 is the table's minimum, which no server writes).
    dotNetRelease: 528049,
    vcRedist2012: '11.0.61030',
    vcRedist2013: '12.0.40664',
    ucmaInstalled: true,
    urlRewriteInstalled: true,
    dagName: null,
    installDriveFreeBytes: 80 * GB,
    ...extra,
  };
}
