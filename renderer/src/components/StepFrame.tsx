import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';
import type { WizardStep } from '../../../src-shared/wizard/session';
import { STEPS, nextStep, previousStep, stepIndex } from '../../../src-shared/wizard/steps';
import { useWizardStore } from '../store/wizard-store';
import { ErrorNotice } from './ErrorNotice';

const useStyles = makeStyles({
  frame: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px', minHeight: 'calc(100vh - 48px - 24px)' },
  heading: { ...typographyStyles.title2, margin: 0, outlineStyle: 'none', ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' } },
  intro: { color: tokens.colorNeutralForeground2 },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, flexGrow: 1 },
  // Back / Next stay in view at any window height (1366×768 at 125 % included).
  footer: {
    position: 'sticky',
    bottom: 0,
    zIndex: 5,
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    justifyContent: 'space-between',
    alignItems: 'center',
    padding: `${tokens.spacingVerticalM} 0`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  position: { color: tokens.colorNeutralForeground3 },
});

/**
 * The common frame of a step: heading (focused, page scrolled to the top, whenever the step
 * changes), one-line purpose, the step's error in place, the body, and a sticky Back / Next bar.
 */
export function StepFrame({
  step,
  intro,
  children,
  nextLabel,
  nextDisabled,
  nextPrimary = true,
  onNext,
}: {
  step: WizardStep;
  intro: ReactNode;
  children: ReactNode;
  nextLabel?: string;
  nextDisabled?: boolean;
  /** False while the step's own work is left: its action is then the one primary button. */
  nextPrimary?: boolean;
  /** Runs instead of plain navigation; navigation follows when it resolves true. */
  onNext?: () => Promise<boolean> | boolean;
}) {
  const styles = useStyles();
  const goTo = useWizardStore(s => s.goTo);
  const error = useWizardStore(s => s.errors[step]);
  const heading = useRef<HTMLHeadingElement>(null);
  const info = STEPS.find(s => s.id === step);
  const next = nextStep(step);
  const previous = previousStep(step);

  useEffect(() => {
    // A new step starts at its top with focus on its heading, so Tab continues from there.
    window.scrollTo({ top: 0, left: 0, behavior: 'instant' });
    heading.current?.focus({ preventScroll: true });
  }, [step]);

  return (
    <section className={styles.frame} aria-labelledby={`step-heading-${step}`} role="tabpanel">
      <h1 id={`step-heading-${step}`} ref={heading} tabIndex={-1} className={styles.heading}>
        {info?.label}
      </h1>
      <Text className={styles.intro}>{intro}</Text>
      <UnsavedTicksNotice />
      {error ? <ErrorNotice error={error} title={`${info?.label ?? 'This step'}: that did not work`} /> : null}
      <div className={styles.body}>{children}</div>
      <div className={styles.footer} data-testid="step-footer">
        {previous ? <Button onClick={() => void goTo(previous)}>Back</Button> : <span />}
        <Text size={200} className={styles.position}>
          Step {stepIndex(step) + 1} of {STEPS.length}
        </Text>
        {next ? (
          <Button
            appearance={nextPrimary ? 'primary' : 'secondary'}
            disabled={nextDisabled}
            onClick={async () => {
              if (onNext && !(await onNext())) return;
              await goTo(next);
            }}
          >
            {nextLabel ?? 'Next'}
          </Button>
        ) : (
          <span />
        )}
      </div>
    </section>
  );
}

/** Ticks shown but not confirmed by the engine: said plainly, with a way to send them again. */
function UnsavedTicksNotice() {
  const count = useWizardStore(s => Object.keys(s.unsavedTicks).length);
  const retry = useWizardStore(s => s.retryUnsaved);
  if (count === 0) return null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{count === 1 ? '1 tick is not saved' : `${count} ticks are not saved`}</MessageBarTitle>
        The wizard engine has not confirmed {count === 1 ? 'it' : 'them'}, so {count === 1 ? 'it' : 'they'} would be lost if you closed the wizard now.
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => void retry()}>Save again</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
