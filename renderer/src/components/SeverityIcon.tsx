import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, DismissCircle16Filled, Info16Regular, Warning16Filled } from '@fluentui/react-icons';
import type { Severity } from '../../../src-shared/analysis/types';

const useStyles = makeStyles({
  icon: { verticalAlign: 'text-bottom', flexShrink: 0 },
  critical: { color: tokens.colorStatusDangerForeground1 },
  warning: { color: tokens.colorStatusWarningForeground1 },
  ok: { color: tokens.colorStatusSuccessForeground1 },
  info: { color: tokens.colorNeutralForeground3 },
});

const LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', ok: 'Passed', info: 'Information' };

/** A finding's severity as an icon with its word for screen readers (and as a tooltip). */
export function SeverityIcon({ severity }: { severity: Severity }) {
  const styles = useStyles();
  const props = { className: mergeClasses(styles.icon, styles[severity]), 'aria-label': LABEL[severity], role: 'img', title: LABEL[severity] };
  switch (severity) {
    case 'critical':
      return <DismissCircle16Filled {...props} />;
    case 'warning':
      return <Warning16Filled {...props} />;
    case 'ok':
      return <CheckmarkCircle16Filled {...props} />;
    default:
      return <Info16Regular {...props} />;
  }
}
