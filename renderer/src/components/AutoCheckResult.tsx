import { Button, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, PersonCircle20Regular } from '@fluentui/react-icons';
import type { ChecklistItem } from '../../../src-shared/wizard/checklist-item';
import type { ChecklistItemState } from '../../../src-shared/wizard/session';
import { autoCheckKey, runAutoCheck } from '../store/upgrade';
import { wizardCanRead } from '../../../src-shared/wizard/auto-checks';
import { useWizardStore } from '../store/wizard-store';
import { JobProgress } from './JobProgress';
import { useStatusIconStyles } from './StatusIcon';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * A runbook item's "done when", proven: the button that runs the wizard's own read-only check
 * on the server, its progress, and what it read. Under a ticked item it says who ticked it: the
 * wizard's check (with its evidence and time) or the admin by hand. `primary`: the item is the one
 * to do now, so its check is the step's one primary button.
 */
export function AutoCheckResult({
  checklistKey,
  item,
  tick,
  final,
  primary = false,
}: {
  checklistKey: string;
  item: ChecklistItem;
  tick: ChecklistItemState | undefined;
  final: boolean;
  primary?: boolean;
}) {
  const styles = useStyles();
  const icons = useStatusIconStyles();
  const run = useWizardStore(s => s.autoChecks[autoCheckKey(checklistKey, item.id)]);
  const check = item.autoCheck;
  if (!check) return null;
  if (!wizardCanRead(check.id)) {
    return (
      <div className={styles.row}>
        <PersonCircle20Regular className={icons.neutral} aria-hidden />
        <Text className={styles.muted}>The wizard does not read this yet: run the commands above, judge the result and tick it.</Text>
      </div>
    );
  }
  const running = run !== undefined && run.outcome === null;
  const server = check.server;
  return (
    <>
      {tick?.done && tick.proof ? (
        <div className={styles.row}>
          <CheckmarkCircle20Filled className={icons.success} aria-hidden />
          <Text>
            Checked by the wizard at {time(tick.proof.checkedAt)}: {tick.proof.evidence}
          </Text>
        </div>
      ) : tick?.done ? (
        <div className={styles.row}>
          <PersonCircle20Regular className={icons.neutral} aria-hidden />
          <Text className={styles.muted}>Ticked by hand{tick.at ? ` at ${time(tick.at)}` : ''}; the wizard has not checked it.</Text>
        </div>
      ) : null}
      <div className={styles.row}>
        <Button appearance={primary && !tick?.done ? 'primary' : 'secondary'} disabled={running} onClick={() => void runAutoCheck(checklistKey, item.id, final)}>
          {final ? `Re-scan ${server} now` : tick?.done ? `Check ${server} again` : `Check ${server} now`}
        </Button>
        <Text className={styles.muted}>{final ? 'Reads the server again and updates Health and the report.' : 'Reads the server; changes nothing.'}</Text>
      </div>
      {running ? <JobProgress jobId={run.jobId} label={`Checking ${server}`} /> : null}
      {run?.outcome && run.checkedAt ? (
        <MessageBar intent={run.outcome.status === 'passed' ? 'success' : run.outcome.status === 'failed' ? 'warning' : 'info'} role="status">
          <MessageBarBody>
            {run.outcome.status === 'passed' ? 'Done: ' : run.outcome.status === 'failed' ? 'Not done yet: ' : 'Could not tell: '}
            {run.outcome.evidence} ({time(run.checkedAt)})
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}
