import { Button, Text, makeStyles, tokens, useId } from '@fluentui/react-components';
import { Desktop16Regular, Organization16Regular, Server16Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { RunsOn } from '../../../src-shared/wizard/checklist-item';
import { runsOnLabel } from '../../../src-shared/wizard/runs-on';

const useStyles = makeStyles({
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  where: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground2 },
  wrap: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  pre: {
    flexGrow: 1,
    margin: 0,
    padding: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  },
});

/** The icon beside "where it runs": one server, the organisation (any domain machine), or this computer. */
function WhereIcon({ runsOn }: { runsOn: RunsOn }) {
  if (runsOn.kind === 'jump-box') return <Desktop16Regular aria-hidden />;
  if (runsOn.kind === 'server' || runsOn.server) return <Server16Regular aria-hidden />;
  return <Organization16Regular aria-hidden />;
}

/**
 * Commands shown as text with a Copy button; the wizard never runs them. With `runsOn`, the block
 * says where to paste it ("Run on EX01 — elevated PowerShell"), as text beside an icon, and the
 * commands are described by that line for screen readers.
 */
export function CopyBlock({ lines, label, runsOn }: { lines: string[]; label: string; runsOn?: RunsOn | undefined }) {
  const styles = useStyles();
  const whereId = useId('runs-on');
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const text = lines.join('\n');
  return (
    <div className={styles.block}>
      {runsOn ? (
        <Text id={whereId} size={200} weight="semibold" className={styles.where} data-testid="runs-on">
          <WhereIcon runsOn={runsOn} />
          {runsOnLabel(runsOn)}
        </Text>
      ) : null}
      <div className={styles.wrap}>
        <pre className={styles.pre} aria-label={label} aria-describedby={runsOn ? whereId : undefined}>
          {text}
        </pre>
        <Button
          size="small"
          aria-label={`Copy: ${label}`}
          aria-describedby={runsOn ? whereId : undefined}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(text);
              setState('copied');
            } catch {
              setState('failed');
            }
          }}
        >
          {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : 'Copy'}
        </Button>
      </div>
    </div>
  );
}
