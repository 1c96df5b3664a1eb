import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { SetupLogAnalysis, SetupLogProgress } from '../../../src-shared/analysis/setup-log/types';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { ChecklistItem } from '../../../src-shared/wizard/checklist-item';
import { choosePath } from '../store/paths';
import { analyseSetupLogFile, readServerSetupLog } from '../store/setup-log';
import { useWizardStore } from '../store/wizard-store';
import { ErrorNotice } from './ErrorNotice';
import { PathField } from './PathField';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingTop: tokens.spacingVerticalXS },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  evidence: {
    margin: 0,
    padding: tokens.spacingVerticalS,
    listStyle: 'none',
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowX: 'auto',
  },
  line: { whiteSpace: 'pre' },
  fix: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** How often the tail of a running Setup's log is read again. */
const FOLLOW_INTERVAL_MS = 5_000;

type Source = { kind: 'server'; server: string } | { kind: 'file'; path: string };

/**
 * Next to a server's Setup item: the diagnosis of the last Setup run in its ExchangeSetup.log,
 * read from the server (read-only) or from a copy the admin picks, answer first ("Setup failed:
 * <cause>"), then the evidence lines and the fix. While Setup runs, "Follow Setup" reads the log's
 * tail every few seconds and shows the current step and the time since Setup started. Renders
 * nothing for items that do not run Setup, unless `afterFailedCheck`: a build check the wizard ran
 * found the build not reached, so the log says why.
 */
export function SetupLogPanel({ item, server, afterFailedCheck = false }: { item: ChecklistItem; server: string | null; afterFailedCheck?: boolean }) {
  const effect = item.effect;
  if (afterFailedCheck && server && item.autoCheck?.id === 'build-reached' && !item.autoCheck.server.startsWith('new:')) return <SetupLogPanelFor server={item.autoCheck.server} />;
  if (!server || effect?.type !== 'setup' || effect.server.startsWith('new:')) return null;
  return <SetupLogPanelFor server={effect.server} />;
}

function SetupLogPanelFor({ server }: { server: string }) {
  const styles = useStyles();
  const electron = useWizardStore(s => s.appInfo?.mode === 'electron');
  const [analysis, setAnalysis] = useState<{ source: Source; value: SetupLogAnalysis } | null>(null);
  const [progress, setProgress] = useState<{ value: SetupLogProgress; lastWriteTime: string | null; readAt: number } | null>(null);
  const [following, setFollowing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [typedPath, setTypedPath] = useState('');
  const followTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const readFromServer = async () => {
    setBusy(true);
    setError(null);
    const result = await readServerSetupLog(server, 'analyse');
    setBusy(false);
    if (!result.ok) return setError(result.error);
    if (result.value.analysis) setAnalysis({ source: { kind: 'server', server }, value: result.value.analysis });
  };

  const analyseFile = async (path: string) => {
    setBusy(true);
    setError(null);
    const result = await analyseSetupLogFile(path);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setAnalysis({ source: { kind: 'file', path: result.value.path }, value: result.value.analysis });
  };

  const chooseFile = async () => {
    const chosen = await choosePath('upgrade', { kind: 'file', title: `Choose ${server}'s ExchangeSetup.log`, extensions: ['log', 'txt'] });
    if (chosen !== null) await analyseFile(chosen);
  };

  useEffect(() => {
    if (!following) return undefined;
    let stopped = false;
    const poll = async () => {
      const result = await readServerSetupLog(server, 'tail');
      if (stopped) return;
      if (!result.ok) {
        setError(result.error);
        setFollowing(false);
        return;
      }
      setProgress(result.value.progress ? { value: result.value.progress, lastWriteTime: result.value.lastWriteTime, readAt: Date.now() } : null);
      // Once the run has ended, the full diagnosis says how.
      if (result.value.progress?.ended) {
        setFollowing(false);
        void readFromServer();
        return;
      }
      followTimer.current = setTimeout(() => void poll(), FOLLOW_INTERVAL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (followTimer.current) clearTimeout(followTimer.current);
    };
    // readFromServer is recreated each render; the poll only needs the server.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [following, server]);

  return (
    <section className={styles.panel} aria-label={`Setup log of ${server}`}>
      <div className={styles.buttons}>
        <Button disabled={busy} onClick={() => void readFromServer()}>
          Read the log from {server}
        </Button>
        <Button disabled={busy && !following} onClick={() => setFollowing(f => !f)} aria-pressed={following}>
          {following ? 'Stop following Setup' : 'Follow Setup while it runs'}
        </Button>
        {electron ? (
          <Button disabled={busy} onClick={() => void chooseFile()}>
            Choose a log file…
          </Button>
        ) : (
          <>
            <PathField label="A copy of ExchangeSetup.log" value={typedPath} onChange={setTypedPath} kind="file" dialogTitle={`Choose ${server}'s ExchangeSetup.log`} place="upgrade" />
            <Button disabled={busy || typedPath.trim() === ''} onClick={() => void analyseFile(typedPath.trim())}>
              Diagnose this file
            </Button>
          </>
        )}
      </div>
      {following || progress ? <ProgressLine progress={progress} following={following} /> : null}
      {error ? <ErrorNotice error={error} title={`The Setup log of ${server}`} /> : null}
      {analysis ? <Diagnosis analysis={analysis.value} source={analysis.source} /> : null}
    </section>
  );
}

function elapsed(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (h > 0) return `${h} h ${m} min`;
  return m > 0 ? `${m} min` : `${seconds} s`;
}

/**
 * Where Setup is. The log's times are the server's local time without a zone, so "running for"
 * adds to the log's own span the time since the server last wrote the file (its UTC write time).
 */
function ProgressLine({ progress, following }: { progress: { value: SetupLogProgress; lastWriteTime: string | null; readAt: number } | null; following: boolean }) {
  const styles = useStyles();
  if (!progress) return <Text role="status">Reading the log…</Text>;
  const p = progress.value;
  const written = progress.lastWriteTime === null ? Number.NaN : Date.parse(progress.lastWriteTime);
  const quietSeconds = Number.isNaN(written) ? null : Math.max(0, Math.round((progress.readAt - written) / 1000));
  const running = p.elapsedSeconds === null ? null : p.elapsedSeconds + (p.ended ? 0 : (quietSeconds ?? 0));
  const parts = [
    p.currentStep ? `Setup is at: ${p.currentStep}` : 'Setup has written nothing yet',
    running !== null ? `${p.ended ? 'ran' : 'running'} for ${elapsed(running)}` : null,
    quietSeconds !== null ? `last line written ${elapsed(quietSeconds)} ago` : null,
  ].filter(Boolean);
  return (
    <Text role="status" className={following ? undefined : styles.muted}>
      {p.ended === 'succeeded' ? 'Setup has finished successfully. ' : p.ended === 'failed' ? 'Setup has stopped on an error. ' : ''}
      {parts.join(', ')}.
    </Text>
  );
}

const HEADLINE: Record<SetupLogAnalysis['outcome'], { intent: 'success' | 'error' | 'warning'; title: string }> = {
  succeeded: { intent: 'success', title: 'Setup succeeded' },
  failed: { intent: 'error', title: 'Setup failed' },
  incomplete: { intent: 'warning', title: 'Setup did not finish' },
};

/** The answer first, then each cause: the lines of the log that show it, and the steps that fix it. */
function Diagnosis({ analysis, source }: { analysis: SetupLogAnalysis; source: Source }) {
  const styles = useStyles();
  const headline = HEADLINE[analysis.outcome];
  const first = analysis.causes[0];
  const from = source.kind === 'server' ? `${source.server}'s C:\\ExchangeSetupLogs\\ExchangeSetup.log` : source.path;
  const c = analysis.context;
  const where = [c.computer && `on ${c.computer}`, c.user && `as ${c.user}`, c.site && `in AD site ${c.site}`].filter(Boolean).join(', ');
  return (
    <div className={styles.panel}>
      <MessageBar intent={headline.intent} layout="multiline" role="status">
        <MessageBarBody>
          <MessageBarTitle>{first ? `${headline.title}: ${first.title}` : headline.title}</MessageBarTitle>
          {analysis.outcome === 'succeeded'
            ? 'The last Setup run in the log completed successfully.'
            : analysis.outcome === 'incomplete'
              ? 'The last run has neither the success line nor an error: Setup is still running, or stopped without saying why. Follow it, or read the log again later.'
              : null}{' '}
          <span className={styles.muted}>
            Last run{where ? ` ${where}` : ''}; read from {from}.
          </span>
        </MessageBarBody>
      </MessageBar>
      {analysis.causes.map((cause, i) => (
        <section key={cause.id} aria-label={`Cause ${i + 1}: ${cause.title}`} className={styles.panel}>
          {analysis.causes.length > 1 ? <Text weight="semibold">{`${i + 1}. ${cause.title}`}</Text> : null}
          <Text weight="semibold">The lines that show it</Text>
          {/* Long log lines scroll sideways; the region takes focus so the keyboard can scroll it. */}
          <ul className={styles.evidence} tabIndex={0} aria-label={`Evidence from the log for: ${cause.title}`}>
            {cause.evidence.map(e => (
              <li key={e.line} className={styles.line}>
                line {e.line}: {e.text}
              </li>
            ))}
          </ul>
          <Text weight="semibold">What to do</Text>
          <ol className={styles.fix}>
            {cause.fix.map(step => (
              <li key={step}>
                <Text>{step}</Text>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
