import { Button, Title2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { WizardStep } from '../../../src-shared/wizard/session';
import { STEPS, nextStep, previousStep } from '../../../src-shared/wizard/steps';
import { useWizardStore } from '../store/wizard-store';
import { ErrorNotice } from './ErrorNotice';

const useStyles = makeStyles({
  frame: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1100px' },
  intro: { color: tokens.colorNeutralForeground2 },
  footer: { display: 'flex', gap: tokens.spacingHorizontalM, justifyContent: 'space-between', marginTop: tokens.spacingVerticalXL },
});

/**
 * The common frame of a step: heading, one-line purpose, the step's error (if
 * any) in place, the body, and Back / Next.
 */
export function StepFrame({
  step,
  intro,
  children,
  nextLabel,
  nextDisabled,
  onNext,
}: {
  step: WizardStep;
  intro: ReactNode;
  children: ReactNode;
  nextLabel?: string;
  nextDisabled?: boolean;
  /** Runs instead of plain navigation; navigation follows when it resolves true. */
  onNext?: () => Promise<boolean> | boolean;
}) {
  const styles = useStyles();
  const goTo = useWizardStore(s => s.goTo);
  const error = useWizardStore(s => s.errors[step]);
  const info = STEPS.find(s => s.id === step);
  const next = nextStep(step);
  const previous = previousStep(step);
  return (
    <section className={styles.frame} aria-labelledby={`step-heading-${step}`} role="tabpanel">
      <Title2 as="h1" id={`step-heading-${step}`}>
        {info?.label}
      </Title2>
      <Text className={styles.intro}>{intro}</Text>
      {error ? <ErrorNotice error={error} /> : null}
      {children}
      <div className={styles.footer}>
        {previous ? <Button onClick={() => void goTo(previous)}>Back</Button> : <span />}
        {next ? (
          <Button
            appearance="primary"
            disabled={nextDisabled}
            onClick={async () => {
              if (onNext && !(await onNext())) return;
              await goTo(next);
            }}
          >
            {nextLabel ?? 'Next'}
          </Button>
        ) : null}
      </div>
    </section>
  );
}
