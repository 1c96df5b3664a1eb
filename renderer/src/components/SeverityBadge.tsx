import { Badge } from '@fluentui/react-components';
import type { EemsVerdictKind, Severity } from '../../../src-shared/analysis/types';

const SEVERITY: Record<Severity, { color: 'danger' | 'warning' | 'success' | 'informative'; label: string }> = {
  critical: { color: 'danger', label: 'Critical' },
  warning: { color: 'warning', label: 'Warning' },
  ok: { color: 'success', label: 'OK' },
  info: { color: 'informative', label: 'Info' },
};

/** Severity as colour and word (never colour alone). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const s = SEVERITY[severity];
  return (
    <Badge appearance="filled" color={s.color}>
      {s.label}
    </Badge>
  );
}

const VERDICT: Record<EemsVerdictKind, { color: 'danger' | 'warning' | 'success' | 'informative' | 'subtle'; label: string }> = {
  'blocked-by-certificate': { color: 'danger', label: 'EEMS blocked by certificate change' },
  borderline: { color: 'warning', label: 'EEMS borderline' },
  disabled: { color: 'warning', label: 'EEMS disabled' },
  'service-not-running': { color: 'warning', label: 'EEMS service not running' },
  'ocs-unreachable': { color: 'warning', label: 'EEMS cannot reach Microsoft' },
  healthy: { color: 'success', label: 'EEMS working' },
  'not-applicable': { color: 'subtle', label: 'No EEMS on this server' },
  unknown: { color: 'informative', label: 'EEMS state unknown' },
};

export function VerdictBadge({ verdict, cutoff }: { verdict: EemsVerdictKind; cutoff?: string | null }) {
  const v = VERDICT[verdict];
  return (
    <Badge appearance="tint" color={v.color}>
      {v.label}
      {cutoff ? ` (${cutoff})` : ''}
    </Badge>
  );
}
