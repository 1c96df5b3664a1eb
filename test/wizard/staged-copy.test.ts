import { describe, expect, it } from 'vitest';
import { actionItemsFor } from '../../src-shared/report/action-items';
import { sessionRunbook } from '../../src-shared/wizard/session-runbook';
import { stageMatrix } from '../../src-shared/wizard/stage-matrix';
import { stagedCopyOf } from '../../src-shared/wizard/staged-copy';
import type { WizardSession } from '../../src-shared/wizard/session';
import { sampleSession } from '../report/fixtures';

const CU15 = 'exchange-2019-cu15-iso';
const LOCAL_PATH = 'C:\\ExchangeUpdates\\ExchangeServer2019-x64-CU15.ISO';

/** The three places that ask "is CU15 staged on EX01?", each answered from the session. */
function answers(session: WizardSession) {
  const scan = session.scan!;
  const ex01 = scan.servers.find(s => s.name === 'EX01')!;
  const cell = stageMatrix({ scan, downloads: session.downloads, staging: session.staging })
    .rows.find(r => r.server === 'EX01')!
    .cells.find(c => c.updateId === CU15)!;
  const runbook = JSON.stringify(sessionRunbook(scan, session.downloads, session.staging));
  const item = actionItemsFor(ex01, ex01.plan, { ...session, organisationHasEsu: false, checklist: session.checklist }).find(i => i.updateId === CU15)!;
  return { matrix: cell.staged !== null, runbook: runbook.includes(JSON.stringify(LOCAL_PATH).slice(1, -1)), report: item.staged !== null };
}

describe('is this file staged on this server? (one answer, by hash)', () => {
  it('finds the copy recorded for the server by short name or FQDN, hash compared without case', () => {
    const session = sampleSession();
    const download = session.downloads[0]!;
    expect(stagedCopyOf(session.staging, { name: 'EX01', fqdn: 'ex01.contoso.local' }, download)).toBe(session.staging[0]);
    const byFqdn = [{ ...session.staging[0]!, server: 'ex01.contoso.local', sha256: download.manifest.sha256.toUpperCase() }];
    expect(stagedCopyOf(byFqdn, { name: 'EX01', fqdn: 'ex01.contoso.local' }, download)).toBe(byFqdn[0]);
    expect(stagedCopyOf(session.staging, { name: 'EX02', fqdn: null }, download)).toBeNull();
    expect(stagedCopyOf(session.staging, { name: 'EX01' }, null)).toBeNull();
  });

  it('the Stage matrix, the Upgrade runbook and the report agree that it is', () => {
    expect(answers(sampleSession())).toEqual({ matrix: true, runbook: true, report: true });
  });

  it('and agree that a different file under the same name is not this file', () => {
    const session = sampleSession();
    session.staging[0]!.sha256 = '0'.repeat(64);
    expect(answers(session)).toEqual({ matrix: false, runbook: false, report: false });
  });
});
