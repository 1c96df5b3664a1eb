import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, DismissCircle20Filled, QuestionCircle20Regular } from '@fluentui/react-icons';
import type { ScanReport } from '../../../src-shared/assessment/scan-report';
import { preflightAfterFixes, preflightHeadline, serverPreflight, type PreflightCheck } from '../../../src-shared/wizard/preflight';
import type { ChecklistItemState } from '../../../src-shared/wizard/session';
import { useStatusIconStyles } from './StatusIcon';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalS },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const WORD: Record<PreflightCheck['status'], string> = { passed: 'passed', blocker: 'blocker', unknown: 'unknown' };

/**
 * The pre-flight of one server right before its Setup or SU item: the answer first ("Pre-flight:
 * 1 blocker on EX02"), then each check with its icon and word (the icon is decorative), what
 * blocks, and for what could not be read how to read it. Nothing when the scan did not collect it.
 * A blocker whose fix item is done (`ticks`, the section's) shows as fixed, with who said so.
 */
export function PreflightList({ report, server, ticks = {} }: { report: ScanReport | null; server: string; ticks?: Readonly<Record<string, ChecklistItemState | undefined>> }) {
  const styles = useStyles();
  const icons = useStatusIconStyles();
  const scanned = report?.servers.find(s => s.name === server);
  const checks = scanned ? preflightAfterFixes(serverPreflight(scanned), ticks) : [];
  if (checks.length === 0) return null;
  return (
    <section className={styles.box} aria-label={`Pre-flight of ${server}`}>
      <Text weight="semibold">{preflightHeadline(server, checks)}</Text>
      <ul className={styles.list}>
        {checks.map(c => (
          <li key={c.id} className={styles.row}>
            {c.status === 'passed' ? (
              <CheckmarkCircle20Filled className={icons.success} aria-hidden />
            ) : c.status === 'blocker' ? (
              <DismissCircle20Filled className={icons.danger} aria-hidden />
            ) : (
              <QuestionCircle20Regular className={icons.neutral} aria-hidden />
            )}
            <Text>
              {c.title}: {WORD[c.status]}
              {c.status === 'passed' && !c.detail.startsWith('fixed') ? null : (
                <span className={styles.muted}>
                  {' '}
                  — {c.detail}
                  {c.howToRead ? ` Read it on the server: ${c.howToRead}` : ''}
                </span>
              )}
            </Text>
          </li>
        ))}
      </ul>
    </section>
  );
}
