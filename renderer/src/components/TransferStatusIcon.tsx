import { Spinner } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, Circle20Regular, Clock20Regular, DismissCircle20Filled, Info20Regular, QuestionCircle20Regular, Subtract20Regular, Warning20Filled } from '@fluentui/react-icons';
import type { DownloadStatus } from '../../../src-shared/wizard/download-table';
import type { StageCellStatus } from '../../../src-shared/wizard/stage-matrix';
import { useStatusIconStyles } from './StatusIcon';

/**
 * The icon of a file's download status or of one server × file copy. Decorative for screen
 * readers: the words next to it (or the cell's label) say the same.
 */
export function TransferStatusIcon({ status }: { status: DownloadStatus | StageCellStatus }) {
  const styles = useStatusIconStyles();
  switch (status) {
    case 'verified':
    case 'copied':
      return <CheckmarkCircle20Filled className={styles.success} aria-hidden />;
    case 'unverified':
      return <Warning20Filled className={styles.warning} aria-hidden />;
    case 'failed':
      return <DismissCircle20Filled className={styles.danger} aria-hidden />;
    case 'running':
    case 'copying':
      return <Spinner size="extra-tiny" aria-hidden />;
    case 'ready':
    case 'to-copy':
      return <Circle20Regular className={styles.neutral} aria-hidden />;
    case 'not-downloaded':
      return <Clock20Regular className={styles.neutral} aria-hidden />;
    case 'not-needed':
      return <Subtract20Regular className={styles.neutral} aria-hidden />;
    case 'needs-address':
    case 'esu-channel':
      return <Info20Regular className={styles.warning} aria-hidden />;
    default:
      return <QuestionCircle20Regular className={styles.neutral} aria-hidden />;
  }
}
