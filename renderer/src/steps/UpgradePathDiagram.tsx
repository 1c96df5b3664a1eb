import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PathStop } from '../../../src-shared/wizard/upgrade-path';
import { upgradePathText } from '../../../src-shared/wizard/upgrade-path';

const useStyles = makeStyles({
  path: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS, paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  stop: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
  build: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  arrow: { color: tokens.colorNeutralForeground3 },
});

const COLOR: Record<PathStop['kind'], 'informative' | 'warning' | 'success' | 'brand' | 'danger'> = {
  now: 'informative',
  step: 'warning',
  target: 'success',
  migration: 'brand',
  remove: 'danger',
};

/** A server's upgrade path as a row of stops; one picture with its words as the text alternative. */
export function UpgradePathDiagram({ stops, server }: { stops: readonly PathStop[]; server: string }) {
  const styles = useStyles();
  return (
    <div className={styles.path} role="img" aria-label={`Upgrade path of ${server}: ${upgradePathText(stops)}`}>
      {stops.map((stop, i) => (
        <span key={`${stop.label}-${i}`} className={styles.stop} aria-hidden="true">
          <span>
            {i > 0 ? <span className={styles.arrow}>→ </span> : null}
            <Badge appearance={stop.kind === 'target' ? 'filled' : 'tint'} color={COLOR[stop.kind]}>
              {stop.label}
            </Badge>
          </span>
          {stop.build ? <Text className={styles.build}>{stop.kind === 'step' ? `${stop.build} (interim)` : stop.build}</Text> : null}
        </span>
      ))}
    </div>
  );
}
