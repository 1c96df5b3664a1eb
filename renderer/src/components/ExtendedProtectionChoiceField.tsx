import { Field, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useId, useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { ExtendedProtectionChoice } from '../../../src-shared/knowledge/extended-protection';
import { EXTENDED_PROTECTION_OPTIONS, extendedProtectionChoiceView } from '../../../src-shared/wizard/extended-protection-choice';
import { chooseExtendedProtection } from '../store/extended-protection';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginTop: tokens.spacingVerticalS },
  option: { display: 'flex', flexDirection: 'column' },
  hint: { color: tokens.colorNeutralForeground3 },
  command: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
});

/**
 * "Extended Protection after Setup" for one server whose plan has a Setup that turns it on:
 * Microsoft's default, or keep it off (everywhere, or on the front-end EWS for the Hybrid Agent).
 * Each change is saved at once and the plan made again, so the Setup command below it (and in
 * the runbook) shows the switch; nothing when the server's plan has no such Setup.
 */
export function ExtendedProtectionChoiceField({ server }: { server: string }) {
  const styles = useStyles();
  const scan = useWizardStore(s => s.session?.scan ?? null);
  const [saving, setSaving] = useState<ExtendedProtectionChoice | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const commandId = useId();
  const view = scan ? extendedProtectionChoiceView(scan, server) : null;
  if (!view) return null;
  const choose = async (choice: ExtendedProtectionChoice) => {
    setSaving(choice);
    setError(null);
    setError(await chooseExtendedProtection(view.server, choice));
    setSaving(null);
  };
  return (
    <div className={styles.box}>
      <Field
        label={{ children: `Extended Protection after Setup on ${view.server}`, weight: 'semibold' }}
        validationState={error ? 'error' : 'none'}
        validationMessage={error ? `Not saved: ${error.message}${error.fix ? ` ${error.fix}` : ''}` : undefined}
        hint={saving ? 'Saving and planning again…' : undefined}
      >
        <RadioGroup value={saving ?? view.choice} onChange={(_, d) => void choose(d.value as ExtendedProtectionChoice)} aria-describedby={commandId}>
          {EXTENDED_PROTECTION_OPTIONS.map(o => (
            <Radio
              key={o.value}
              value={o.value}
              label={
                <span className={styles.option}>
                  <Text weight="semibold">{o.label}</Text>
                  <Text size={200} className={styles.hint}>
                    {o.hint}
                  </Text>
                </span>
              }
            />
          ))}
        </RadioGroup>
      </Field>
      <Text id={commandId} aria-live="polite">
        {view.stepTitle} runs Setup as: <code className={styles.command}>{view.setupCommand}</code>
      </Text>
    </div>
  );
}
