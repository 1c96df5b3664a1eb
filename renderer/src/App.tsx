import {
  Button,
  FluentProvider,
  Spinner,
  Text,
  Title3,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { useEffect, useState, type ComponentType } from 'react';
import type { WizardStep } from '../../src-shared/wizard/session';
import { ErrorNotice } from './components/ErrorNotice';
import { StepRail } from './components/StepRail';
import { useWizardStore } from './store/wizard-store';
import { DiscoverStep } from './steps/DiscoverStep';
import { DownloadStep } from './steps/DownloadStep';
import { ExplainStep } from './steps/ExplainStep';
import { HealthStep } from './steps/HealthStep';
import { PlanStep } from './steps/PlanStep';
import { ReportStep } from './steps/ReportStep';
import { StageStep } from './steps/StageStep';
import { UpgradeStep } from './steps/UpgradeStep';
import { WelcomeStep } from './steps/WelcomeStep';

const STEP_COMPONENTS: Record<WizardStep, ComponentType> = {
  welcome: WelcomeStep,
  discover: DiscoverStep,
  health: HealthStep,
  explain: ExplainStep,
  plan: PlanStep,
  download: DownloadStep,
  stage: StageStep,
  upgrade: UpgradeStep,
  report: ReportStep,
};

const useStyles = makeStyles({
  shell: { display: 'grid', gridTemplateColumns: '260px 1fr', gridTemplateRows: 'auto 1fr', minHeight: '100vh' },
  header: {
    gridColumn: '1 / 3',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  rail: { padding: tokens.spacingVerticalL, borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
  main: { padding: tokens.spacingHorizontalXXL, overflow: 'auto' },
  headerActions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
});

function prefersDark(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

export function App() {
  const styles = useStyles();
  const [dark, setDark] = useState(prefersDark);
  const { session, appInfo, initialising, init, goTo, startOver } = useWizardStore();
  const appError = useWizardStore(s => s.errors.app);

  useEffect(() => {
    void init();
  }, [init]);

  const Step = session ? STEP_COMPONENTS[session.currentStep] : null;
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} style={{ minHeight: '100vh' }}>
      <div className={styles.shell}>
        <header className={styles.header}>
          <Title3 as="p">Exchange Remediation Wizard</Title3>
          <div className={styles.headerActions}>
            {appInfo?.mode === 'browser' ? <Text size={200}>Browser mode (engine on this computer only)</Text> : null}
            <Button appearance="subtle" onClick={() => setDark(d => !d)} aria-pressed={dark}>
              {dark ? 'Light theme' : 'Dark theme'}
            </Button>
            {session ? (
              <Button appearance="subtle" onClick={() => void startOver()}>
                Start over
              </Button>
            ) : null}
          </div>
        </header>
        <aside className={styles.rail}>{session ? <StepRail session={session} onSelect={step => void goTo(step)} /> : null}</aside>
        <main className={styles.main}>
          {appError ? <ErrorNotice error={appError} title="The wizard could not start" /> : null}
          {initialising ? <Spinner label="Loading your session…" /> : Step ? <Step /> : null}
        </main>
      </div>
    </FluentProvider>
  );
}
