import { Button, ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import { formatBytes } from '../../../src-shared/domain/transfer';
import { cancelJob, useJob } from '../store/jobs';

const useStyles = makeStyles({
  row: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  line: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'space-between' },
});

function eta(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Progress of a long operation: bar, counts or bytes, speed, ETA, and Cancel while it runs. */
export function JobProgress({ jobId, label }: { jobId: string | null; label: string }) {
  const styles = useStyles();
  const job = useJob(jobId);
  if (!jobId || !job) return null;
  const running = job.phase === 'started' || job.phase === 'progress' || job.phase === 'item-finished';
  const value = job.total ? Math.min(1, job.completed / job.total) : undefined;
  const amount = job.unit === 'bytes' ? `${formatBytes(job.completed)}${job.total ? ` of ${formatBytes(job.total)}` : ''}` : job.total ? `${job.completed} of ${job.total}` : '';
  const extra = [job.bytesPerSecond ? `${formatBytes(job.bytesPerSecond)}/s` : '', job.etaSeconds !== undefined && running ? `about ${eta(job.etaSeconds)} left` : ''].filter(Boolean).join(', ');
  return (
    <div className={styles.row} role="status" aria-live="polite" aria-label={label}>
      <ProgressBar value={running ? value : 1} thickness="large" color={job.phase === 'failed' ? 'error' : job.phase === 'cancelled' ? 'warning' : 'brand'} aria-label={label} />
      <div className={styles.line}>
        <Text size={200}>
          {job.message}
          {amount ? ` — ${amount}` : ''}
          {extra ? ` (${extra})` : ''}
        </Text>
        {running ? (
          <Button size="small" onClick={() => void cancelJob(jobId)}>
            Cancel
          </Button>
        ) : null}
      </div>
    </div>
  );
}
