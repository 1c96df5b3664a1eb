import { Button, Checkbox, MessageBar, MessageBarBody, MessageBarTitle, Subtitle1, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { compareBuilds } from '../../../src-shared/knowledge/build-number';
import type { ScanReport } from '../../../src-shared/assessment/scan-report';
import type { WizardSession } from '../../../src-shared/wizard/session';
import type { ChecklistItem, ChecklistSection } from '../../../src-shared/wizard/checklist-item';
import { organisationChecklistForScan } from '../../../src-shared/wizard/organisation-checklist';
import { ExternalLink } from '../components/ExternalLink';
import { matchesServer } from '../../../src-shared/wizard/server-labels';
import { getApi } from '../api';
import { CopyBlock } from '../components/CopyBlock';
import { ErrorNotice } from '../components/ErrorNotice';
import { JobProgress } from '../components/JobProgress';
import { StepFrame } from '../components/StepFrame';
import { useJobRunner } from '../store/jobs';
import { callForStep } from '../store/session-actions';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  items: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, borderLeft: `3px solid ${tokens.colorNeutralStroke2}`, paddingLeft: tokens.spacingHorizontalM },
  done: { borderLeftColor: tokens.colorStatusSuccessBorderActive },
  muted: { color: tokens.colorNeutralForeground3 },
  held: { color: tokens.colorPaletteRedForeground1 },
  fixes: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  links: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

/** Upgrade: the runbook as sections (AD preparation, migration projects, each server), saved ticks, builds confirmed by a re-scan. */
export function UpgradeStep() {
  const styles = useStyles();
  const session = useWizardStore(s => s.session);
  const report = session?.scan ?? null;
  const sections = useMemo(() => (report && session ? sectionsFor(report, session) : []), [report, session]);
  const [selected, setSelected] = useState<string | null>(null);
  const { jobId, run } = useJobRunner('reprobe');
  const [outcome, setOutcome] = useState<{ item: string; confirmed: boolean; text: string } | null>(null);
  const current = sections.find(s => s.id === selected) ?? sections[0] ?? null;
  if (!session || !report) return null;

  // Ticks of a server's section are saved under the server's name (the report reads them there).
  const key = current ? (current.server ?? current.id) : '';
  const items = current?.items ?? [];
  const ticks = current ? (session.checklist[key] ?? {}) : {};
  const doneCount = items.filter(i => ticks[i.id]?.done).length;
  const fixes = items.filter(i => i.kind === 'fix');

  const toggle = (item: ChecklistItem, done: boolean) => {
    if (!current) return;
    // Shown at once, marked "not saved" until the engine confirms it.
    void useWizardStore.getState().tickChecklistItem(key, item.id, done);
  };

  const reprobe = async (item: ChecklistItem, server: string, expected: string) => {
    const result = await run(id => callForStep('upgrade', () => getApi().rescanServer({ jobId: id, serverName: server })));
    if (!result) return;
    const now = result.server.build;
    // The build this item waits for: its own step's result, never the plan's final target.
    const confirmed = Boolean(now && compareBuilds(now, expected) >= 0 && now.split('.').slice(0, 2).join('.') === expected.split('.').slice(0, 2).join('.'));
    await callForStep('upgrade', () => getApi().updateSession({ checklist: { server: key, item: item.id, done: confirmed } }));
    setOutcome({
      item: item.id,
      confirmed,
      text: confirmed ? `${server} now reports build ${now}: confirmed.` : `${server} reports build ${now ?? 'unknown'}, not yet ${expected}. Finish the step (and the reboot), then re-scan again.`,
    });
  };

  return (
    <StepFrame step="upgrade" intro="Follow the runbook in order: Active Directory first, then each server in its maintenance window, and each migration as a project of its own. Your ticks are saved; the wizard confirms each new build by scanning the server again." nextLabel="Make the report">
      {sections.length === 0 ? (
        <Text>No server needs an installation step.</Text>
      ) : (
        <>
          <TabList selectedValue={current?.id} onTabSelect={(_, d) => setSelected(String(d.value))} aria-label="Parts of the runbook">
            {sections.map(s => (
              <Tab key={s.id} value={s.id}>
                {s.kind === 'server' ? s.server : s.kind === 'ad-preparation' ? 'Active Directory' : s.title}
              </Tab>
            ))}
          </TabList>
          {current ? (
            <section aria-label={`Checklist: ${current.title}`}>
              <Subtitle1 as="h2" block>
                {current.title}: {doneCount} of {items.length} done
              </Subtitle1>
              <Text as="p" block>
                {current.summary}
              </Text>
              {fixes.length > 0 ? (
                <section aria-label="Fix before you start" className={styles.fixes}>
                  {fixes.map(f => (
                    <MessageBar key={f.id} intent="error">
                      <MessageBarBody>
                        <MessageBarTitle>{f.title}</MessageBarTitle>
                        {f.detail}
                      </MessageBarBody>
                    </MessageBar>
                  ))}
                </section>
              ) : null}
              <ol className={styles.items}>
                {items.map(item => {
                  const done = ticks[item.id]?.done ?? false;
                  const effect = item.effect;
                  // One re-scan per section, on its last item; the build checks after each run are ticked by hand.
                  const rescannable = item.id === 'reprobe' && effect?.type === 'confirm-build' ? effect : null;
                  const held = (item.heldBy ?? []).length > 0;
                  return (
                    <li key={item.id} className={done ? `${styles.item} ${styles.done}` : styles.item}>
                      {rescannable ? (
                        <>
                          <Text weight="semibold">{done ? `✓ ${item.title} (confirmed)` : item.title}</Text>
                          <Text className={styles.muted}>{item.detail}</Text>
                          <div>
                            <Button appearance="primary" onClick={() => void reprobe(item, rescannable.server, rescannable.build)}>
                              Re-scan {rescannable.server} now
                            </Button>
                          </div>
                          {outcome?.item === item.id ? (
                            <>
                              <JobProgress jobId={jobId} label={`Re-scan of ${rescannable.server}`} />
                              <MessageBar intent={outcome.confirmed ? 'success' : 'warning'} role="status">
                                <MessageBarBody>{outcome.text}</MessageBarBody>
                              </MessageBar>
                            </>
                          ) : null}
                        </>
                      ) : (
                        <>
                          <Checkbox checked={done} disabled={held && !done} onChange={(_, d) => toggle(item, d.checked === true)} label={<Text weight="semibold">{item.title}</Text>} />
                          {held ? <Text className={styles.held}>Waits until a re-scan shows the fixes above done.</Text> : null}
                          <Text className={styles.muted}>{item.detail}</Text>
                          {item.commands.length > 0 ? <CopyBlock lines={item.commands} label={`${item.title} (${current.server ?? current.title})`} /> : null}
                          <Text className={styles.muted}>Done when: {item.confirms}</Text>
                          {(item.links ?? []).length > 0 ? (
                            <div className={styles.links}>
                              {(item.links ?? []).map(l => (
                                <ExternalLink key={l.url} link={l} place="upgrade" />
                              ))}
                            </div>
                          ) : null}
                        </>
                      )}
                    </li>
                  );
                })}
              </ol>
            </section>
          ) : null}
        </>
      )}
      {current?.server ? <LastScanError report={report} server={current.server} /> : null}
    </StepFrame>
  );
}

function LastScanError({ report, server }: { report: ScanReport; server: string }) {
  const error = report.servers.find(s => s.name === server)?.error ?? null;
  return error ? <ErrorNotice error={error} title="Last scan of this server" /> : null;
}

/** The runbook of the scan, with the paths where the Stage step put each server's files. */
function sectionsFor(report: ScanReport, session: WizardSession): ChecklistSection[] {
  const fileByPackage = new Map(session.downloads.filter(d => d.manifest.updateId).map(d => [d.manifest.updateId as string, d.manifest.fileName]));
  const fileHashes = Object.fromEntries(session.downloads.filter(d => d.manifest.updateId).map(d => [d.manifest.updateId as string, d.manifest.sha256]));
  const stagedPaths: Record<string, Record<string, string>> = {};
  for (const server of report.servers) {
    const paths: Record<string, string> = {};
    for (const [updateId, fileName] of fileByPackage) {
      const staged = session.staging.find(st => matchesServer(st.server, server) && st.destinationPath.endsWith(fileName));
      if (staged) paths[updateId] = localPathOnServer(staged.destinationPath);
    }
    stagedPaths[server.name] = paths;
  }
  return organisationChecklistForScan(report, { stagedPaths, fileHashes });
}

/**
 * \\server\C$\dir\file (or the demo's stand-in <data>/demo-servers/<server>/C$/dir/file)
 * → C:\dir\file: the path as the admin sees it on the server.
 */
function localPathOnServer(path: string): string {
  const match = /[\\/]([A-Za-z])\$[\\/](.*)$/.exec(path);
  return match ? `${match[1]!.toUpperCase()}:\\${match[2]!.replace(/\//g, '\\')}` : path;
}
