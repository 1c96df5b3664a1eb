import { Button, Checkbox, MessageBar, MessageBarBody, Subtitle1, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { compareBuilds } from '../../../src-shared/knowledge/build-number';
import { isInstallStep } from '../../../src-shared/knowledge/step-kinds';
import type { ScanReport, ServerScanResult } from '../../../src-shared/assessment/scan-report';
import type { WizardSession } from '../../../src-shared/wizard/session';
import { sameServer } from '../../../src-shared/domain/server-identity';
import { checklistForScanServer, type ChecklistItem } from '../../../src-shared/wizard/upgrade-checklist';
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
});

/** Upgrade: a guided, saved checklist per server, every command copyable, confirmed by a re-scan. */
export function UpgradeStep() {
  const styles = useStyles();
  const session = useWizardStore(s => s.session);
  const report = session?.scan ?? null;
  const servers = useMemo(() => (report ? serversToUpgrade(report) : []), [report]);
  const [selected, setSelected] = useState<string | null>(null);
  const { jobId, run } = useJobRunner('reprobe');
  const [outcome, setOutcome] = useState<{ server: string; confirmed: boolean; text: string } | null>(null);
  const current = servers.find(s => s.name === selected) ?? servers[0] ?? null;
  if (!session || !report) return null;

  const items = current ? checklistFor(current, report, session) : [];
  const ticks = current ? (session.checklist[current.name] ?? {}) : {};
  const doneCount = items.filter(i => ticks[i.id]?.done).length;

  const toggle = (item: ChecklistItem, done: boolean) => {
    if (!current) return;
    // Shown at once, marked "not saved" until the engine confirms it.
    void useWizardStore.getState().tickChecklistItem(current.name, item.id, done);
  };

  const reprobe = async () => {
    if (!current) return;
    const result = await run(id => callForStep('upgrade', () => getApi().rescanServer({ jobId: id, serverName: current.name })));
    if (!result) return;
    const target = current.plan?.target?.build;
    const now = result.server.build;
    const confirmed = Boolean(target && now && compareBuilds(now, target) >= 0);
    await callForStep('upgrade', () => getApi().updateSession({ checklist: { server: current.name, item: 'reprobe', done: confirmed } }));
    setOutcome({
      server: current.name,
      confirmed,
      text: confirmed
        ? `${current.name} now reports build ${now}: the update is confirmed.`
        : `${current.name} reports build ${now ?? 'unknown'}, not yet ${target ?? 'the planned build'}. Finish the installation steps (and the reboot), then re-scan again.`,
    });
  };

  return (
    <StepFrame step="upgrade" intro="Follow the checklist on each server, in the planned order, in a maintenance window. Your ticks are saved; the wizard confirms the result by scanning the server again." nextLabel="Make the report">
      {servers.length === 0 ? (
        <Text>No server needs an installation step.</Text>
      ) : (
        <>
          <TabList selectedValue={current?.name} onTabSelect={(_, d) => setSelected(String(d.value))} aria-label="Servers to upgrade">
            {servers.map(s => (
              <Tab key={s.name} value={s.name}>
                {s.name}
              </Tab>
            ))}
          </TabList>
          {current ? (
            <section aria-label={`Checklist for ${current.name}`}>
              <Subtitle1 as="h2">
                {current.name}: {doneCount} of {items.length} done
              </Subtitle1>
              <ol className={styles.items}>
                {items.map(item => {
                  const done = ticks[item.id]?.done ?? false;
                  return (
                    <li key={item.id} className={done ? `${styles.item} ${styles.done}` : styles.item}>
                      {item.kind === 'verify' ? (
                        <>
                          <Text weight="semibold">{done ? `✓ ${item.title} (confirmed)` : item.title}</Text>
                          <Text className={styles.muted}>{item.detail}</Text>
                          <div>
                            <Button appearance="primary" onClick={() => void reprobe()}>
                              Re-scan {current.name} now
                            </Button>
                          </div>
                          <JobProgress jobId={jobId} label={`Re-scan of ${current.name}`} />
                          {outcome && sameServer(outcome.server, current.name) ? (
                            <MessageBar intent={outcome.confirmed ? 'success' : 'warning'} role="status">
                              <MessageBarBody>{outcome.text}</MessageBarBody>
                            </MessageBar>
                          ) : null}
                        </>
                      ) : (
                        <>
                          <Checkbox checked={done} onChange={(_, d) => toggle(item, d.checked === true)} label={<Text weight="semibold">{item.title}</Text>} />
                          <Text className={styles.muted}>{item.detail}</Text>
                          {item.commands.length > 0 ? <CopyBlock lines={item.commands} label={`${item.title} (${current.name})`} /> : null}
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
      {current?.error ? <ErrorNotice error={current.error} title="Last scan of this server" /> : null}
    </StepFrame>
  );
}

/** Servers whose plan installs something, in the plan's order. */
function serversToUpgrade(report: ScanReport): ServerScanResult[] {
  const order = report.plan?.order ?? report.servers.map(s => s.name);
  const byName = new Map(report.servers.map(s => [s.name, s]));
  return order
    .map(name => byName.get(name))
    .filter((s): s is ServerScanResult => Boolean(s?.plan?.steps.some(isInstallStep)));
}

function checklistFor(server: ServerScanResult, report: ScanReport, session: WizardSession): ChecklistItem[] {
  const fileByPackage = new Map(session.downloads.filter(d => d.manifest.updateId).map(d => [d.manifest.updateId as string, d.manifest.fileName]));
  const stagedPaths: Record<string, string> = {};
  for (const [updateId, fileName] of fileByPackage) {
    const staged = session.staging.find(st => matchesServer(st.server, server) && st.destinationPath.endsWith(fileName));
    if (staged) stagedPaths[updateId] = localPathOnServer(staged.destinationPath);
  }
  return checklistForScanServer(server, report, stagedPaths);
}

/**
 * \\server\C$\dir\file (or the demo's stand-in <data>/demo-servers/<server>/C$/dir/file)
 * → C:\dir\file: the path as the admin sees it on the server.
 */
function localPathOnServer(path: string): string {
  const match = /[\\/]([A-Za-z])\$[\\/](.*)$/.exec(path);
  return match ? `${match[1]!.toUpperCase()}:\\${match[2]!.replace(/\//g, '\\')}` : path;
}
