import { Button, Checkbox, MessageBar, MessageBarBody, MessageBarTitle, Subtitle1, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { ScanReport } from '../../../src-shared/assessment/scan-report';
import type { DownloadResult, StageResult } from '../../../src-shared/domain/transfer';
import type { ChecklistItem, ChecklistSection } from '../../../src-shared/wizard/checklist-item';
import { organisationChecklistForScan } from '../../../src-shared/wizard/organisation-checklist';
import { ExternalLink } from '../components/ExternalLink';
import { matchesServer } from '../../../src-shared/wizard/server-labels';
import { CopyBlock } from '../components/CopyBlock';
import { ErrorNotice } from '../components/ErrorNotice';
import { JobProgress } from '../components/JobProgress';
import { StepFrame } from '../components/StepFrame';
import { rescanForItem } from '../store/upgrade';
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
  const report = useWizardStore(s => s.session?.scan ?? null);
  const downloads = useWizardStore(s => s.session?.downloads);
  const staging = useWizardStore(s => s.session?.staging);
  const checklist = useWizardStore(s => s.session?.checklist);
  const tick = useWizardStore(s => s.tickChecklistItem);
  const outcome = useWizardStore(s => s.reprobe);
  const sections = useMemo(() => (report ? sectionsFor(report, downloads ?? [], staging ?? []) : []), [report, downloads, staging]);
  const [selected, setSelected] = useState<string | null>(null);
  const current = sections.find(s => s.id === selected) ?? sections[0] ?? null;
  if (!checklist || !report) return null;

  // Ticks of a server's section are saved under the server's name (the report reads them there).
  const key = current ? (current.server ?? current.id) : '';
  const items = current?.items ?? [];
  const ticks = current ? (checklist[key] ?? {}) : {};
  const doneCount = items.filter(i => ticks[i.id]?.done).length;
  const fixes = items.filter(i => i.kind === 'fix');

  const toggle = (item: ChecklistItem, done: boolean) => {
    if (!current) return;
    // Shown at once, marked "not saved" until the engine confirms it.
    void tick(key, item.id, done);
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
                            <Button appearance="primary" onClick={() => void rescanForItem(key, item.id, rescannable.server, rescannable.build)}>
                              Re-scan {rescannable.server} now
                            </Button>
                          </div>
                          {outcome?.item === item.id ? (
                            <>
                              <JobProgress jobId={outcome.jobId} label={`Re-scan of ${rescannable.server}`} />
                              {outcome.text ? (
                                <MessageBar intent={outcome.confirmed ? 'success' : 'warning'} role="status">
                                  <MessageBarBody>{outcome.text}</MessageBarBody>
                                </MessageBar>
                              ) : null}
                            </>
                          ) : null}
                        </>
                      ) : (
                        <>
                          <Checkbox checked={done} disabled={held && !done} onChange={(_, d) => toggle(item, d.checked === true)} label={<Text weight="semibold">{item.title}</Text>} />
                          {held ? <Text className={styles.held}>Waits until a re-scan shows the fixes above done.</Text> : null}
                          <Text className={styles.muted}>{item.detail}</Text>
                          {item.commands.length > 0 ? <CopyBlock lines={item.commands} label={`${item.title} (${current.server ?? current.title})`} runsOn={item.runsOn} /> : null}
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
function sectionsFor(report: ScanReport, downloads: readonly DownloadResult[], staging: readonly StageResult[]): ChecklistSection[] {
  const fileByPackage = new Map(downloads.filter(d => d.manifest.updateId).map(d => [d.manifest.updateId as string, d.manifest.fileName]));
  const fileHashes = Object.fromEntries(downloads.filter(d => d.manifest.updateId).map(d => [d.manifest.updateId as string, d.manifest.sha256]));
  const stagedPaths: Record<string, Record<string, string>> = {};
  for (const server of report.servers) {
    const paths: Record<string, string> = {};
    for (const [updateId, fileName] of fileByPackage) {
      const staged = staging.find(st => matchesServer(st.server, server) && st.destinationPath.endsWith(fileName));
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
