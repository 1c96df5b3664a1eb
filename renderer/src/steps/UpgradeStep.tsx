import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Checkbox,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Switch,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { ScanReport } from '../../../src-shared/assessment/scan-report';
import type { ChecklistItem } from '../../../src-shared/wizard/checklist-item';
import { checklistKey, sessionRunbook } from '../../../src-shared/wizard/session-runbook';
import { ErrorNotice } from '../components/ErrorNotice';
import { RunbookItem } from '../components/RunbookItem';
import { StepFrame } from '../components/StepFrame';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  items: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  fixes: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  bar: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', marginTop: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground3 },
  doneLine: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
});

/** How many items after the current one are named under "Next". */
const NEXT_COUNT = 3;

/**
 * Upgrade: the runbook as sections (AD preparation, migration projects, each server). A section
 * shows the one item to do now in full, the next few by name, and what is done folded away with
 * who ticked it (the wizard's check, with its evidence, or the admin's hand); "Show every item"
 * lays the whole section out. Ticks are saved; the wizard checks what it can read itself.
 */
export function UpgradeStep() {
  const styles = useStyles();
  const report = useWizardStore(s => s.session?.scan ?? null);
  const downloads = useWizardStore(s => s.session?.downloads);
  const staging = useWizardStore(s => s.session?.staging);
  const checklist = useWizardStore(s => s.session?.checklist);
  const tick = useWizardStore(s => s.tickChecklistItem);
  const sections = useMemo(() => (report ? sessionRunbook(report, downloads ?? [], staging ?? []) : []), [report, downloads, staging]);
  const [selected, setSelected] = useState<string | null>(null);
  const [everything, setEverything] = useState(false);
  const current = sections.find(s => s.id === selected) ?? sections[0] ?? null;
  if (!checklist || !report) return null;

  // Ticks of a server's section are saved under the server's name (the report reads them there).
  const key = current ? checklistKey(current) : '';
  const items = current?.items ?? [];
  const ticks = current ? (checklist[key] ?? {}) : {};
  const isDone = (item: ChecklistItem) => ticks[item.id]?.done === true;
  // Held while a fix it waits for is not done (ticked, or proven by the wizard's check).
  const isHeld = (item: ChecklistItem) => (item.heldBy ?? []).some(id => !ticks[id]?.done);
  const doneItems = items.filter(isDone);
  const open = items.filter(i => !isDone(i));
  const now = open.find(i => !isHeld(i)) ?? open[0] ?? null;
  const upcoming = open.filter(i => i !== now).slice(0, NEXT_COUNT);
  const later = open.length - (now ? 1 : 0) - upcoming.length;
  const fixes = items.filter(i => i.kind === 'fix' && !isDone(i));
  const anyDone = Object.values(checklist).some(section => Object.values(section).some(t => t.done));

  const itemProps = (item: ChecklistItem) => ({
    item,
    checklistKey: key,
    server: current?.server ?? null,
    place: current?.server ?? current?.title ?? '',
    report,
    tick: ticks[item.id],
    ticks,
    held: isHeld(item),
    now: item === now,
    // Shown at once, marked "not saved" until the engine confirms it.
    onToggle: (done: boolean) => void tick(key, item.id, done),
  });

  return (
    <StepFrame
      step="upgrade"
      intro="Follow the runbook in order: Active Directory first, then each server in its maintenance window, and each migration as a project of its own. Every command says where it runs; your ticks are saved, and the wizard checks what it can read itself."
      nextLabel="Make the report"
      nextPrimary={anyDone && now === null}
    >
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
                {current.title}: {doneItems.length} of {items.length} done
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
              <div className={styles.bar}>
                <Text weight="semibold">{now ? (everything ? `Every item (${items.length})` : 'Now') : `All ${items.length} items done.`}</Text>
                <Switch checked={everything} onChange={(_, d) => setEverything(d.checked)} label="Show every item" />
              </div>
              {everything ? (
                <ol className={styles.items} aria-label={`Every item of ${current.title}`}>
                  {items.map(item => (
                    <RunbookItem key={item.id} {...itemProps(item)} />
                  ))}
                </ol>
              ) : (
                <>
                  {now ? (
                    <ol className={styles.items} aria-label="Now">
                      <RunbookItem key={now.id} {...itemProps(now)} />
                    </ol>
                  ) : null}
                  {upcoming.length > 0 ? (
                    <>
                      <Text weight="semibold" as="h3" block>
                        Next
                      </Text>
                      <ol className={styles.list} aria-label="Next">
                        {upcoming.map(item => (
                          <li key={item.id}>
                            <Text>{item.title}</Text>
                          </li>
                        ))}
                      </ol>
                      {later > 0 ? <Text className={styles.muted}>…and {later} more after these (Show every item).</Text> : null}
                    </>
                  ) : null}
                  {doneItems.length > 0 ? (
                    <Accordion collapsible>
                      <AccordionItem value="done">
                        <AccordionHeader>Done ({doneItems.length})</AccordionHeader>
                        <AccordionPanel>
                          <ul className={styles.list} aria-label="Done">
                            {doneItems.map(item => {
                              const t = ticks[item.id];
                              return (
                                <li key={item.id} className={styles.doneLine}>
                                  <Checkbox
                                    checked
                                    onChange={(_, d) => void tick(key, item.id, d.checked === true)}
                                    label={`${item.title}${t?.proof ? ` — checked by the wizard: ${t.proof.evidence}` : ' — ticked by hand'}`}
                                  />
                                </li>
                              );
                            })}
                          </ul>
                        </AccordionPanel>
                      </AccordionItem>
                    </Accordion>
                  ) : null}
                </>
              )}
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
