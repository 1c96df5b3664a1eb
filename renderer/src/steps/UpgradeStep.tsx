import { Checkbox, MessageBar, MessageBarBody, MessageBarTitle, Subtitle1, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { ScanReport } from '../../../src-shared/assessment/scan-report';
import type { ChecklistItem } from '../../../src-shared/wizard/checklist-item';
import { checklistKey, sessionRunbook } from '../../../src-shared/wizard/session-runbook';
import { ExternalLink } from '../components/ExternalLink';
import { CopyBlock } from '../components/CopyBlock';
import { ErrorNotice } from '../components/ErrorNotice';
import { SetupLogPanel } from '../components/SetupLogPanel';
import { PreflightList } from '../components/PreflightList';
import { StepFrame } from '../components/StepFrame';
import { AutoCheckResult } from '../components/AutoCheckResult';
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
  const sections = useMemo(() => (report ? sessionRunbook(report, downloads ?? [], staging ?? []) : []), [report, downloads, staging]);
  const [selected, setSelected] = useState<string | null>(null);
  const current = sections.find(s => s.id === selected) ?? sections[0] ?? null;
  if (!checklist || !report) return null;

  // Ticks of a server's section are saved under the server's name (the report reads them there).
  const key = current ? checklistKey(current) : '';
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
                  // Held while a fix it waits for is not done (ticked, or proven by the wizard's check).
                  const held = (item.heldBy ?? []).some(id => !ticks[id]?.done);
                  // The section's last item re-scans the server and saves what it reads; the other checks only read.
                  const final = item.id === 'reprobe';
                  return (
                    <li key={item.id} className={done ? `${styles.item} ${styles.done}` : styles.item}>
                      {item.effect?.type === 'setup' || item.effect?.type === 'su' ? <PreflightList report={report} server={item.effect.server} /> : null}
                      {final ? (
                        <Text weight="semibold">{item.title}</Text>
                      ) : (
                        <Checkbox checked={done} disabled={held && !done} onChange={(_, d) => toggle(item, d.checked === true)} label={<Text weight="semibold">{item.title}</Text>} />
                      )}
                      {held ? <Text className={styles.held}>Waits for the fixes above: do them, then let the wizard check them (or tick them).</Text> : null}
                      <Text className={styles.muted}>{item.detail}</Text>
                      {item.commands.length > 0 ? <CopyBlock lines={item.commands} label={`${item.title} (${current.server ?? current.title})`} /> : null}
                      <Text className={styles.muted}>Done when: {item.confirms}</Text>
                      <AutoCheckResult checklistKey={key} item={item} tick={ticks[item.id]} final={final} />
                      <SetupLogPanel item={item} server={current.server ?? null} />
                      {(item.links ?? []).length > 0 ? (
                        <div className={styles.links}>
                          {(item.links ?? []).map(l => (
                            <ExternalLink key={l.url} link={l} place="upgrade" />
                          ))}
                        </div>
                      ) : null}
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
