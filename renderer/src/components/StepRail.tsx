import { Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled } from '@fluentui/react-icons';
import type { WizardStep } from '../../../src-shared/wizard/session';
import { stepProgress } from '../../../src-shared/wizard/step-progress';
import { STEPS, blockedReason } from '../../../src-shared/wizard/steps';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  tab: { justifyContent: 'flex-start', textAlign: 'left', width: '100%' },
  row: { display: 'grid', gridTemplateColumns: '24px 1fr', columnGap: tokens.spacingHorizontalS, alignItems: 'start' },
  number: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '20px',
    height: '20px',
    borderRadius: tokens.borderRadiusCircular,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    fontSize: tokens.fontSizeBase200,
    marginTop: '1px',
  },
  done: { color: tokens.colorStatusSuccessForeground1, marginTop: '1px' },
  note: { display: 'block', color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold },
  hint: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
});

/** The steps on the left, numbered 1–9, ticked only when their work is done (`stepProgress`), else how far they got; steps that cannot be entered yet are disabled. */
export function StepRail() {
  const styles = useStyles();
  const session = useWizardStore(s => s.session);
  const goTo = useWizardStore(s => s.goTo);
  if (!session) return null;
  return (
    <nav aria-label="Wizard steps">
      <TabList vertical selectedValue={session.currentStep} onTabSelect={(_, data) => void goTo(data.value as WizardStep)} aria-label="Wizard steps">
        {STEPS.map((step, index) => {
          const blocked = blockedReason(step.id, session);
          const { done, note } = stepProgress(step.id, session);
          return (
            <Tab key={step.id} value={step.id} id={`step-tab-${step.id}`} className={styles.tab} disabled={blocked !== null} title={blocked ?? step.hint}>
              <span className={styles.row}>
                {done ? (
                  <CheckmarkCircle20Filled className={styles.done} aria-label="done" />
                ) : (
                  <span className={styles.number} aria-hidden>
                    {index + 1}
                  </span>
                )}
                <span>
                  {done ? null : <span style={{ position: 'absolute', left: '-10000px' }}>{index + 1}. </span>}
                  {step.label}
                  <Text as="span" className={styles.hint}>
                    {step.hint}
                  </Text>
                  {note ? (
                    <Text as="span" className={styles.note} data-testid={`step-note-${step.id}`}>
                      {note}
                    </Text>
                  ) : null}
                </span>
              </span>
            </Tab>
          );
        })}
      </TabList>
    </nav>
  );
}
