import { Checkbox, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ScanReport } from '../../../src-shared/assessment/scan-report';
import type { ChecklistItem } from '../../../src-shared/wizard/checklist-item';
import type { ChecklistItemState } from '../../../src-shared/wizard/session';
import { AutoCheckResult } from './AutoCheckResult';
import { CopyBlock } from './CopyBlock';
import { ExtendedProtectionChoiceField } from './ExtendedProtectionChoiceField';
import { ExternalLink } from './ExternalLink';
import { PreflightList } from './PreflightList';
import { SetupLogPanel } from './SetupLogPanel';
import { autoCheckKey } from '../store/upgrade';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, borderLeft: `3px solid ${tokens.colorNeutralStroke2}`, paddingLeft: tokens.spacingHorizontalM },
  now: { borderLeftColor: tokens.colorBrandStroke1, borderLeftWidth: '4px' },
  done: { borderLeftColor: tokens.colorStatusSuccessBorderActive },
  muted: { color: tokens.colorNeutralForeground3 },
  held: { color: tokens.colorPaletteRedForeground1 },
  links: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

export interface RunbookItemProps {
  item: ChecklistItem;
  /** Where the section's ticks are saved (its server's name, or the section's id). */
  checklistKey: string;
  /** The section's server, for the Setup log panel. */
  server: string | null;
  /** The section's title, naming the commands for screen readers. */
  place: string;
  report: ScanReport;
  tick: ChecklistItemState | undefined;
  /** Every tick of the section, by item id (the pre-flight shows the blockers fixed since the scan). */
  ticks: Readonly<Record<string, ChecklistItemState | undefined>>;
  /** A fix it waits for is not done yet. */
  held: boolean;
  /** The item to do now (marked, and its action the step's one primary button). */
  now: boolean;
  onToggle(done: boolean): void;
}

/**
 * One runbook item in full: what to do, the commands with where they run, "done when", the
 * wizard's own check where it has one, and for a Setup or SU run the pre-flight above it and the
 * Setup log beside it. The section's last item ("reprobe") is done by its re-scan, not by hand.
 */
export function RunbookItem({ item, checklistKey, server, place, report, tick, ticks, held, now, onToggle }: RunbookItemProps) {
  const styles = useStyles();
  const done = tick?.done ?? false;
  const check = useWizardStore(s => s.autoChecks[autoCheckKey(checklistKey, item.id)]);
  const final = item.id === 'reprobe';
  const run = item.effect?.type === 'setup' || item.effect?.type === 'su' ? item.effect : null;
  // The plan simulator found that Setup would refuse this step here: why, and no commands to copy.
  const refused = item.refusedBecause ?? [];
  return (
    <li className={[styles.item, now ? styles.now : '', done ? styles.done : ''].join(' ')} aria-current={now ? 'step' : undefined} aria-label={item.title}>
      {run ? <PreflightList report={report} server={run.server} ticks={ticks} /> : null}
      {final ? (
        <Text weight="semibold">{item.title}</Text>
      ) : (
        <Checkbox checked={done} disabled={(held || refused.length > 0) && !done} onChange={(_, d) => onToggle(d.checked === true)} label={<Text weight="semibold">{item.title}</Text>} />
      )}
      {refused.length > 0 ? (
        <MessageBar intent="error" role="note">
          <MessageBarBody>Exchange Setup would refuse this step here: {refused.join('; ')}</MessageBarBody>
        </MessageBar>
      ) : held ? (
        <Text className={styles.held}>Waits for the fixes above: do them, then let the wizard check them (or tick them).</Text>
      ) : null}
      <Text className={styles.muted}>{item.detail}</Text>
      {/* Where the admin decides: the Extended Protection check, and the TLS fix whose way out is keeping it off. */}
      {server && (item.effect?.type === 'extended-protection-check' || item.id === 'fix-tls-consistent') ? <ExtendedProtectionChoiceField server={server} /> : null}
      {item.commands.length > 0 && refused.length === 0 ? <CopyBlock lines={item.commands} label={`${item.title} (${place})`} runsOn={item.runsOn} /> : null}
      <Text className={styles.muted}>Done when: {item.confirms}</Text>
      <AutoCheckResult checklistKey={checklistKey} item={item} tick={tick} final={final} primary={now} />
      <SetupLogPanel item={item} server={server} afterFailedCheck={check?.outcome?.status === 'failed'} />
      {(item.links ?? []).length > 0 ? (
        <div className={styles.links}>
          {(item.links ?? []).map(l => (
            <ExternalLink key={l.url} link={l} place="upgrade" />
          ))}
        </div>
      ) : null}
    </li>
  );
}
