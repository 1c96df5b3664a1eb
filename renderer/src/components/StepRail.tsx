import { Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { WizardSession, WizardStep } from '../../../src-shared/wizard/session';
import { STEPS, blockedReason } from '../../../src-shared/wizard/steps';

const useStyles = makeStyles({
  tab: { justifyContent: 'flex-start', textAlign: 'left' },
  hint: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The list of steps on the left; steps that cannot be entered yet are disabled. */
export function StepRail({ session, onSelect }: { session: WizardSession; onSelect: (step: WizardStep) => void }) {
  const styles = useStyles();
  return (
    <nav aria-label="Wizard steps">
      <TabList
        vertical
        selectedValue={session.currentStep}
        onTabSelect={(_, data) => onSelect(data.value as WizardStep)}
        aria-label="Wizard steps"
      >
        {STEPS.map((step, index) => {
          const blocked = blockedReason(step.id, session);
          return (
            <Tab key={step.id} value={step.id} id={`step-tab-${step.id}`} className={styles.tab} disabled={blocked !== null} title={blocked ?? step.hint}>
              <span>
                {index}. {step.label}
                <Text as="span" className={styles.hint}>
                  {step.hint}
                </Text>
              </span>
            </Tab>
          );
        })}
      </TabList>
    </nav>
  );
}
