import { Button, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { cancelJob } from '../store/jobs';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  line: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 90 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * The running scan, per server: status, time so far and the time limit. The bar is indeterminate
 * until the first server finishes (before that there is nothing to count).
 */
export function ScanProgressTable() {
  const styles = useStyles();
  const run = useWizardStore(s => s.scanRun);
  const job = useWizardStore(s => (s.scanRun ? s.jobs[s.scanRun.jobId] : undefined));
  const progress = useWizardStore(s => s.serverProgress);
  const startedAt = useWizardStore(s => s.serverStartedAt);
  const limit = useWizardStore(s => s.appInfo?.scanTimeoutSeconds ?? null);
  const [now, setNow] = useState(() => Date.now());
  const running = run !== null && run.finishedAt === null;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  if (!running || !run) return null;
  const done = job?.completed ?? 0;
  const total = job?.total ?? run.servers.length;
  return (
    <div className={styles.box} role="region" aria-label="Scan progress">
      <ProgressBar value={done > 0 ? done / total : undefined} thickness="large" aria-label="Scan progress" />
      <div className={styles.line}>
        <Text role="status">
          {done === 0 ? `Scanning ${total} server(s)…` : `${done} of ${total} servers scanned`}
          {limit ? ` Each server has up to ${seconds(limit * 1000)}.` : ''}
        </Text>
        {/* Only once the engine has reported the job: before that there is nothing to cancel. */}
        {job ? (
          <Button size="small" onClick={() => void cancelJob(run.jobId)}>
            Cancel
          </Button>
        ) : null}
      </div>
      <Table size="small" aria-label="Progress per server">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Server</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Time</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {run.servers.map(name => {
            const p = progress[name]?.jobId === run.jobId ? progress[name] : undefined;
            const finished = p?.phase === 'item-finished';
            const since = startedAt[name];
            return (
              <TableRow key={name}>
                <TableCell>{name}</TableCell>
                <TableCell>{p ? p.message : 'Waiting for a free slot'}</TableCell>
                <TableCell>{p && since && !finished ? `${seconds(now - since)}${limit ? ` of ${seconds(limit * 1000)}` : ''}` : finished ? 'done' : '–'}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
