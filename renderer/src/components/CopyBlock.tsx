import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';

const useStyles = makeStyles({
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

/** Commands shown as text with a Copy button; the wizard never runs them. */
export function CopyBlock({ lines, label }: { lines: string[]; label: string }) {
  const styles = useStyles();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const text = lines.join('\n');
  return (
    <div className={styles.wrap}>
      <pre className={styles.pre} aria-label={label}>
        {text}
      </pre>
      <Button
        size="small"
        aria-label={`Copy: ${label}`}
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
  );
}
