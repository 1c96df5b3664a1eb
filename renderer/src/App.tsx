import {
  Button,
  FluentProvider,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStaticStyles,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { MoreHorizontal20Regular, WeatherMoon20Regular, WeatherSunny20Regular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import { getApi } from './api';
import { CopyBlock } from './components/CopyBlock';
import { CatalogTrustNote, CatalogWarning } from './components/CatalogTrustNote';
import { ErrorNotice } from './components/ErrorNotice';
import { StartOverDialog } from './components/StartOverDialog';
import { StepRail } from './components/StepRail';
import { STEP_COMPONENTS } from './steps/registry';
import { useWizardStore } from './store/wizard-store';

/** The app bar's height; the step rail and the sticky Back/Next bar are placed against it. */
export const APP_BAR_HEIGHT = '48px';

// No page margin: the theme's background reaches every edge (no white frame in the dark theme).
// Scroll padding keeps a focused element clear of the sticky app bar above and the sticky
// Back / Next bar below when the browser scrolls it into view (Tab, find, anchors).
const useStaticStyles = makeStaticStyles({ 'html, body': { margin: 0, padding: 0 }, html: { scrollPaddingTop: `calc(${APP_BAR_HEIGHT} + 8px)`, scrollPaddingBottom: '88px' } });

const useStyles = makeStyles({
  provider: { minHeight: '100vh' },
  shell: { display: 'grid', gridTemplateColumns: '248px minmax(0, 1fr)', gridTemplateRows: `${APP_BAR_HEIGHT} 1fr`, minHeight: '100vh' },
  header: {
    gridColumn: '1 / 3',
    position: 'sticky',
    top: 0,
    zIndex: 10,
    height: APP_BAR_HEIGHT,
    boxSizing: 'border-box',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    padding: `0 ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, flexShrink: 0 },
  rail: {
    position: 'sticky',
    top: APP_BAR_HEIGHT,
    alignSelf: 'start',
    height: `calc(100vh - ${APP_BAR_HEIGHT})`,
    overflowY: 'auto',
    boxSizing: 'border-box',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalS}`,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  main: { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXXL} 0`, minWidth: 0 },
  headerActions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', minWidth: 0, marginLeft: tokens.spacingHorizontalL },
  mode: { color: tokens.colorNeutralForeground3 },
  banner: { marginBottom: tokens.spacingVerticalM },
});

function prefersDark(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

export function App() {
  useStaticStyles();
  const styles = useStyles();
  const [dark, setDark] = useState(prefersDark);
  const [confirmStartOver, setConfirmStartOver] = useState(false);
  const moreActions = useRef<HTMLButtonElement>(null);
  const currentStep = useWizardStore(s => s.session?.currentStep ?? null);
  const browserMode = useWizardStore(s => s.appInfo?.mode === 'browser');
  const sessionNotice = useWizardStore(s => s.appInfo?.session ?? null);
  const initialising = useWizardStore(s => s.initialising);
  const init = useWizardStore(s => s.init);
  const appError = useWizardStore(s => s.errors.app);

  useEffect(() => {
    void init();
  }, [init]);

  const Step = currentStep ? STEP_COMPONENTS[currentStep] : null;
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} className={styles.provider}>
      <div className={styles.shell}>
        <header className={styles.header}>
          <Text as="p" className={styles.title}>
            Exchange Remediation Wizard
          </Text>
          <div className={styles.headerActions}>
            <CatalogTrustNote />
            {browserMode ? (
              <Text size={200} className={styles.mode}>
                Browser mode (engine on this computer only)
              </Text>
            ) : null}
            <Button appearance="subtle" icon={dark ? <WeatherSunny20Regular /> : <WeatherMoon20Regular />} onClick={() => setDark(d => !d)} aria-pressed={dark}>
              Dark theme
            </Button>
            {currentStep ? (
              <Menu>
                <MenuTrigger disableButtonEnhancement>
                  <Button appearance="subtle" icon={<MoreHorizontal20Regular />} aria-label="More actions" ref={moreActions} />
                </MenuTrigger>
                <MenuPopover>
                  <MenuList>
                    <MenuItem onClick={() => setConfirmStartOver(true)}>Start over…</MenuItem>
                  </MenuList>
                </MenuPopover>
              </Menu>
            ) : null}
          </div>
        </header>
        <aside className={styles.rail}>{currentStep ? <StepRail /> : null}</aside>
        <main className={styles.main}>
          <EngineLostNotice />
          <NotElevatedNotice />
          <CatalogWarning />
          {appError ? <ErrorNotice error={appError} title="The wizard could not start" /> : null}
          {sessionNotice?.notice ? (
            <ErrorNotice
              error={{ code: sessionNotice.readOnly ? 'access-denied' : 'io', message: sessionNotice.notice }}
              title={sessionNotice.readOnly ? 'Read-only: another instance is open' : 'Your earlier session was set aside'}
            />
          ) : null}
          {initialising ? <Spinner label="Loading your session…" /> : Step ? <Step /> : null}
        </main>
      </div>
      <StartOverDialog open={confirmStartOver} onClose={() => setConfirmStartOver(false)} returnFocusTo={moreActions} />
    </FluentProvider>
  );
}

/**
 * The wizard runs on the Exchange server itself without administrator rights (the one-server
 * office): one line, and the way to restart elevated (a button in the desktop app, the exact
 * command in browser mode). An elevation problem, never a permissions one.
 */
function NotElevatedNotice() {
  const styles = useStyles();
  const server = useWizardStore(s => s.appInfo?.thisExchangeServer ?? null);
  const desktop = useWizardStore(s => s.appInfo?.mode === 'electron');
  const [failure, setFailure] = useState<string | null>(null);
  if (!server || server.elevated !== false) return null;
  return (
    <MessageBar intent="warning" layout="multiline" className={styles.banner}>
      <MessageBarBody>
        <MessageBarTitle>Not running as administrator</MessageBarTitle>
        The wizard runs on {server.name}, this Exchange server, without administrator rights: Windows lets it read and stage here only when elevated.
        {desktop ? null : (
          <>
            {' '}
            Close this window, then run in PowerShell: <CopyBlock lines={[server.restartCommand]} label="Restart as administrator" />
          </>
        )}
        {failure ? <> {failure}</> : null}
      </MessageBarBody>
      {desktop ? (
        <MessageBarActions>
          <Button
            onClick={async () => {
              const result = await getApi()
                .restartAsAdministrator({})
                .catch(() => null);
              if (!result?.ok || !result.value.restarting) setFailure(`It could not restart by itself; run in PowerShell: ${server.restartCommand}`);
            }}
          >
            Restart as administrator
          </Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}

/** Browser mode: the page lost its engine. Says how to get back in, in plain words. */
function EngineLostNotice() {
  const styles = useStyles();
  const lost = useWizardStore(s => s.engineLost);
  const refresh = useWizardStore(s => s.refreshSession);
  if (!lost) return null;
  return (
    <MessageBar intent="warning" layout="multiline" className={styles.banner}>
      <MessageBarBody>
        <MessageBarTitle>This page has lost the wizard</MessageBarTitle>
        The part of the wizard that runs on this computer has stopped (its command window was closed, or the computer restarted), so nothing you do on this page can be saved. Your work up to the last
        save is kept. To carry on: open a command window in the wizard's folder, run <code>npm start</code>, and use the page it opens. This page's address will not work again, because each start has
        its own key.
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => void refresh()}>Try again</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
