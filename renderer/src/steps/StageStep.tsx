import { Badge, Button, Card, CardHeader, Field, Input, Subtitle1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ServerScanResult } from '../../../src-shared/assessment/scan-report';
import type { DownloadResult } from '../../../src-shared/domain/transfer';
import { matchesServer } from '../../../src-shared/wizard/server-labels';
import { filesForServer } from '../../../src-shared/wizard/staging-plan';
import { getApi } from '../api';
import { EvidenceTable } from '../components/EvidenceTable';
import { JobProgress } from '../components/JobProgress';
import { StepFrame } from '../components/StepFrame';
import { useJobRunner } from '../store/jobs';
import { callForStep } from '../store/session-actions';
import { useWizardStore } from '../store/wizard-store';
import { stagingEvidence } from '../verification';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  file: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingTop: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '320px' },
});

/** Stage: copy each verified file to the servers that need it, re-checked at the destination. */
export function StageStep() {
  const styles = useStyles();
  const session = useWizardStore(s => s.session);
  const report = session?.scan ?? null;
  if (!session || !report) return null;
  const order = report.plan?.order ?? report.servers.map(s => s.name);
  const servers = order.map(n => report.servers.find(s => s.name === n)).filter((s): s is ServerScanResult => s !== undefined && filesForServer(report, s.name).length > 0);
  return (
    <StepFrame
      step="stage"
      intro="Copy the verified files to each server before the maintenance window. The copy is checked again on the server; a file already there and identical is not copied twice."
      nextLabel="Start the upgrade"
    >
      {session.organisation.mode === 'demo' ? <Text>Demo organisation: files are copied to a local folder that stands in for each server's C$ share.</Text> : null}
      {servers.length === 0 ? <Text>No server needs a file.</Text> : null}
      {(report.plan?.migrations ?? []).length > 0 ? (
        <Text>The media for the new server of a migration stays on this computer until the new server exists; it is never copied onto the server it replaces.</Text>
      ) : null}
      <div className={styles.list}>
        {servers.map(server => {
          const ids = filesForServer(report, server.name);
          const files = ids.map(id => session.downloads.find(d => d.manifest.updateId === id)).filter((d): d is DownloadResult => d !== undefined);
          const needed = ids.length;
          return (
            <Card key={server.name}>
              <CardHeader header={<Subtitle1 as="h2">{server.name}</Subtitle1>} description={<Text>{needed} file(s) in its plan, {files.length} downloaded</Text>} />
              {files.length < needed ? <Text>Download the remaining files first (Download step).</Text> : null}
              {files.map(file => (
                <StageFile key={file.path} server={server} file={file} />
              ))}
            </Card>
          );
        })}
      </div>
    </StepFrame>
  );
}

function StageFile({ server, file }: { server: ServerScanResult; file: DownloadResult }) {
  const styles = useStyles();
  const session = useWizardStore(s => s.session);
  const [destination, setDestination] = useState('');
  const { jobId, busy, run } = useJobRunner('stage');
  const staged = session?.staging.find(s => matchesServer(s.server, server) && s.destinationPath.endsWith(file.manifest.fileName)) ?? null;
  const target = server.fqdn ?? server.name;

  const stage = () =>
    run(id => callForStep('stage', () => getApi().stageUpdate({ jobId: id, file: file.path, server: target, ...(destination.trim() ? { destination: destination.trim() } : {}) })));

  return (
    <div className={styles.file}>
      <Text weight="semibold">
        {file.manifest.fileName} {staged ? <Badge color="success">On the server, verified</Badge> : null}
      </Text>
      {staged ? <EvidenceTable evidence={stagingEvidence(staged)} caption={`Staging of ${file.manifest.fileName} on ${server.name}`} /> : null}
      <div className={styles.row}>
        <Field className={styles.grow} label="Destination (leave empty for the default)" hint={`Default: \\\\${target}\\C$\\ExchangeUpdates\\${file.manifest.updateId ?? 'update'}\\`}>
          <Input value={destination} onChange={(_, d) => setDestination(d.value)} />
        </Field>
        <Button appearance={staged ? 'secondary' : 'primary'} disabled={busy} onClick={() => void stage()}>
          {staged ? 'Copy again' : 'Copy to server'}
        </Button>
      </div>
      <JobProgress jobId={jobId} label={`Copy of ${file.manifest.fileName} to ${server.name}`} />
    </div>
  );
}
