import { Button, Card, CardHeader, Field, Input, Spinner, Subtitle2, Text, Title3, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ServerScanResult } from '../../../src-shared/assessment/scan-report';
import type { Severity } from '../../../src-shared/analysis/types';
import { buildAgeDays, buildLabel } from '../../../src-shared/wizard/server-labels';
import { getApi } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { FindingList } from '../components/FindingList';
import { JobProgress } from '../components/JobProgress';
import { SeverityBadge, VerdictBadge } from '../components/SeverityBadge';
import { StepFrame } from '../components/StepFrame';
import { useJobRunner } from '../store/jobs';
import { callForStep } from '../store/session-actions';
import { useWizardStore } from '../store/wizard-store';
import { inWorstFirstOrder } from '../../../src-shared/assessment/worst-first';

const useStyles = makeStyles({
  summary: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'center' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: tokens.spacingHorizontalL },
  card: { borderLeftWidth: '6px', borderLeftStyle: 'solid' },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}` },
  critical: { borderLeftColor: tokens.colorStatusDangerBorderActive },
  warning: { borderLeftColor: tokens.colorStatusWarningBorderActive },
  ok: { borderLeftColor: tokens.colorStatusSuccessBorderActive },
  info: { borderLeftColor: tokens.colorNeutralStroke1 },
  lines: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  badges: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  detail: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalL },
  collectorRow: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '320px' },
});

/** Health: probe every server, then a card per server and its findings. */
export function HealthStep() {
  const styles = useStyles();
  const session = useWizardStore(s => s.session);
  const serverProgress = useWizardStore(s => s.serverProgress);
  const { jobId, busy: scanning, run } = useJobRunner('scan');
  const [selected, setSelected] = useState<string | null>(null);
  const report = session?.scan ?? null;

  const scan = () =>
    session && run(id => callForStep('health', () => getApi().scanServers({ jobId: id, servers: session.discovered, organisationHasEsu: session.organisation.hasEsu })));
  const rescan = (name: string) => run(id => callForStep('health', () => getApi().rescanServer({ jobId: id, serverName: name })));

  const servers = report ? inWorstFirstOrder(report.servers, report.summary.worstFirst) : [];
  const current = servers.find(s => s.name === selected) ?? null;

  return (
    <StepFrame
      step="health"
      intro="Each server is checked the way Microsoft's Health Checker does it, plus the certificate rules it lacks. Nothing is changed on the servers."
      nextDisabled={!report || scanning}
      nextLabel="Explain the results"
    >
      <div className={styles.summary}>
        <Button appearance={report ? 'secondary' : 'primary'} onClick={() => void scan()} disabled={scanning || !session?.discovered.length}>
          {report ? 'Scan again' : `Scan ${session?.discovered.length ?? 0} server(s)`}
        </Button>
        {scanning ? <Spinner size="tiny" label="Scanning…" /> : null}
        {report ? (
          <Text>
            {report.summary.serverCount} servers: {report.summary.bySeverity.critical} critical, {report.summary.bySeverity.warning} with warnings,{' '}
            {report.summary.unreachableCount} unreachable. {report.summary.blockedByCertificate.length} cut off by a certificate change.
          </Text>
        ) : null}
      </div>
      <JobProgress jobId={jobId} label="Scan progress" />
      {scanning && session ? (
        <ul aria-label="Progress per server">
          {session.discovered.map(s => (
            <li key={s.name}>
              <Text size={200}>
                {s.name}: {serverProgress[s.name]?.message ?? 'waiting'}
              </Text>
            </li>
          ))}
        </ul>
      ) : null}
      {report ? (
        <div className={styles.grid} role="list" aria-label="Servers">
          {servers.map(server => (
            <div role="listitem" key={server.name}>
              <ServerCard server={server} selected={server.name === selected} onSelect={() => setSelected(server.name === selected ? null : server.name)} />
            </div>
          ))}
        </div>
      ) : null}
      {current ? (
        <section className={styles.detail} aria-label={`Findings for ${current.name}`}>
          <Title3 as="h2">Findings for {current.name}</Title3>
          {current.error ? <ErrorNotice error={current.error} title={current.reachable ? 'Part of the scan failed' : 'This server could not be scanned'} /> : null}
          {current.error ? (
            <div>
              <Button onClick={() => void rescan(current.name)} disabled={scanning}>
                Try this server again
              </Button>
            </div>
          ) : null}
          {!current.reachable ? <OfflineCollector serverName={current.name} /> : null}
          <FindingList findings={current.findings} place="health" />
        </section>
      ) : null}
    </StepFrame>
  );
}

function ServerCard({ server, selected, onSelect }: { server: ServerScanResult; selected: boolean; onSelect: () => void }) {
  const styles = useStyles();
  const severityClass: Record<Severity, string> = { critical: styles.critical, warning: styles.warning, ok: styles.ok, info: styles.info };
  const age = buildAgeDays(server);
  return (
    <Card className={mergeClasses(styles.card, severityClass[server.severity], selected ? styles.selected : undefined)} aria-label={`${server.name}: ${server.severity}`}>
      <CardHeader header={<Subtitle2 as="h2">{server.name}</Subtitle2>} action={<SeverityBadge severity={server.severity} />} />
      <div className={styles.lines}>
        <Text>{buildLabel(server)}</Text>
        <Text size={200}>
          Build {server.build ?? 'unknown'}
          {age !== null ? ` · ${age} days old` : ''}
        </Text>
        <Text size={200}>{server.roles.join(', ') || 'Role unknown'}</Text>
        <div className={styles.badges}>
          {server.eems ? <VerdictBadge verdict={server.eems.verdict} cutoff={server.eems.cutoff} /> : null}
          {!server.reachable ? <Text size={200}>Not reachable</Text> : null}
        </div>
        <div>
          <Button size="small" onClick={onSelect} aria-expanded={selected}>
            {`${selected ? 'Hide' : 'Show'} findings for ${server.name}`}
          </Button>
        </div>
      </div>
    </Card>
  );
}

/**
 * For a server the jump box cannot reach: a standalone script the admin runs
 * on the server itself, and the import of the ZIP it writes.
 */
function OfflineCollector({ serverName }: { serverName: string }) {
  const styles = useStyles();
  const [scriptPath, setScriptPath] = useState<string | null>(null);
  const [zipPath, setZipPath] = useState('');
  const { jobId, run } = useJobRunner('collector');
  const exportScript = async () => {
    const result = await callForStep('health', () => getApi().exportCollector({}));
    if (result) setScriptPath(result.path);
  };
  const importZip = () => run(id => callForStep('health', () => getApi().importCollectorCapture({ jobId: id, path: zipPath.trim() })));
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h3">Can't reach {serverName}? Collect on the server instead</Subtitle2>} />
      <Text>
        Save the collector script, copy it to {serverName} and run it there in an elevated Exchange Management Shell. It writes a ZIP file; bring the ZIP back
        to this computer and import it. Nothing is changed on the server.
      </Text>
      <div className={styles.collectorRow}>
        <Button onClick={() => void exportScript()}>Save the collector script</Button>
        {scriptPath ? <Text>Saved as {scriptPath}</Text> : null}
      </div>
      <div className={styles.collectorRow}>
        <Field className={styles.grow} label="ZIP file written by the collector (full path on this computer)">
          <Input value={zipPath} onChange={(_, d) => setZipPath(d.value)} />
        </Field>
        <Button disabled={zipPath.trim() === ''} onClick={() => void importZip()}>
          Import and scan
        </Button>
      </div>
      <JobProgress jobId={jobId} label={`Import of the capture of ${serverName}`} />
    </Card>
  );
}
