import { makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, DismissCircle20Filled, PlugDisconnected20Regular, QuestionCircle20Regular, ShieldError20Filled, Warning20Filled } from '@fluentui/react-icons';
import type { ServerStatus } from '../../../src-shared/wizard/server-status';

/** The colours of status icons, shared by every status icon (servers, files, copies). */
export const useStatusIconStyles = makeStyles({
  danger: { color: tokens.colorStatusDangerForeground1, flexShrink: 0 },
  warning: { color: tokens.colorStatusWarningForeground1, flexShrink: 0 },
  success: { color: tokens.colorStatusSuccessForeground1, flexShrink: 0 },
  neutral: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
});

/**
 * The icon for a server's EEMS status (always next to its words, never alone). Decorative for
 * screen readers: the words say the same.
 */
export function StatusIcon({ status }: { status: ServerStatus }) {
  const styles = useStatusIconStyles();
  switch (status) {
    case 'cut-off':
      return <DismissCircle20Filled className={styles.danger} aria-hidden />;
    case 'blocked':
      return <ShieldError20Filled className={styles.warning} aria-hidden />;
    case 'no-eems':
      return <Warning20Filled className={styles.warning} aria-hidden />;
    case 'working':
      return <CheckmarkCircle20Filled className={styles.success} aria-hidden />;
    case 'unreachable':
      return <PlugDisconnected20Regular className={styles.neutral} aria-hidden />;
    default:
      return <QuestionCircle20Regular className={styles.neutral} aria-hidden />;
  }
}
