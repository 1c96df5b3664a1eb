import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Card,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  OverlayDrawer,
  Subtitle1,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { healthModel, type HealthServer } from '../../../src-shared/wizard/health-model';
import { ErrorNotice } from '../components/ErrorNotice';
import { ConnectAsDialog } from '../components/ConnectAsDialog';
import { needsConnectAs } from '../../../src-shared/domain/connect-as';
import { FindingList } from '../components/FindingList';
import { JobProgress } from '../components/JobProgress';
import { PathField } from '../components/PathField';
import { ScanProgressTable } from '../components/ScanProgressTable';
import { SeverityIcon } from '../components/SeverityIcon';
import { StatusIcon } from '../components/StatusIcon';
import { StaleScanNotice } from '../components/StaleScanNotice';
import { useReturnFocus } from '../components/useReturnFocus';
import { StepFrame } from '../components/StepFrame';
import { exportCollectorScript, importCollectorZip } from '../store/collector';
import { COLLECTOR_RUN } from '../../../src-shared/wizard/collector-run';
import { CopyBlock } from '../components/CopyBlock';
import { scanServers, useScanning } from '../store/scan';
import { useWizardStore } from '../store/wizard-store';
import { todayIso } from '../store/today';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'center' },
  strip: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', margin: 0, padding: 0, listStyleType: 'none' },
  stripItem: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  stripZero: { color: tokens.colorNeutralForeground3 },
  gridWrap: { overflowX: 'auto' },
  cell: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: tokens.spacingHorizontalL, margin: 0, padding: 0, listStyleType: 'none' },
  card: { height: '100%', boxSizing: 'border-box' },
  cardTitle: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', margin: 0 },
  lines: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  reason: { overflowWrap: 'anywhere' },
  drawerBody: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalXL },
  retry: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  collectorRow: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '240px' },
});

/** Health: probe every server; a status strip, a server × check grid, a card per server with its details in a drawer. */
export function HealthStep() {
  const styles = useStyles();
  const report = useWizardStore(s => s.session?.scan ?? null);
  const discoveredCount = useWizardStore(s => s.session?.discovered.length ?? 0);
  const scanning = useScanning();
  const [open, setOpen] = useState<string | null>(null);
  const model = useMemo(() => (report ? healthModel(report.servers, report.summary.worstFirst, todayIso()) : null), [report]);
  const current = model?.servers.find(s => s.name === open) ?? null;
  useReturnFocus(current !== null);
  // A scan that finishes while the admin watches moves focus to its result (the summary mounts
  // again once the scan is over, so the step, which stays, watches the finish time).
  const finishedAt = useWizardStore(s => s.scanRun?.finishedAt ?? null);
  const seenFinish = useRef(finishedAt);
  useEffect(() => {
    if (finishedAt === null || finishedAt === seenFinish.current) return;
    seenFinish.current = finishedAt;
    const frame = requestAnimationFrame(() => document.getElementById('scan-summary')?.focus());
    return () => cancelAnimationFrame(frame);
  }, [finishedAt]);

  return (
    <StepFrame
      step="health"
      intro="Each server is checked the way Microsoft's Health Checker does it, plus the certificate rules it lacks. Nothing is changed on the servers."
      nextDisabled={!report || scanning}
      nextLabel="Explain the results"
    >
      <div className={styles.row}>
        <Button appearance={report ? 'secondary' : 'primary'} onClick={() => void scanServers()} disabled={scanning || discoveredCount === 0}>
          {report ? 'Scan again' : `Scan ${discoveredCount} server(s)`}
        </Button>
        {report && !scanning ? <ScanSummary /> : null}
      </div>
      {report ? <StaleScanNotice offerScan={false} /> : null}
      <ScanProgressTable />
      {model ? (
        <>
          <ul className={styles.strip} aria-label="Servers by EEMS status">
            {model.strip.map(s => (
              <li key={s.id} className={mergeClasses(styles.stripItem, s.count === 0 ? styles.stripZero : undefined)}>
                <StatusIcon status={s.id} />
                <Text weight={s.count > 0 ? 'semibold' : 'regular'}>{s.count}</Text>
                <Text>{s.label}</Text>
              </li>
            ))}
          </ul>
          <ul className={styles.cards} aria-label="Servers">
            {model.servers.map(server => (
              <li key={server.name}>
                <ServerCard server={server} onOpen={() => setOpen(server.name)} />
              </li>
            ))}
          </ul>
          <section aria-labelledby="health-grid">
            <Subtitle1 as="h2" id="health-grid">
              Checks per server
            </Subtitle1>
            <div className={styles.gridWrap}>
              <Table aria-labelledby="health-grid" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Server</TableHeaderCell>
                    {model.areas.map(area => (
                      <TableHeaderCell key={area}>{area}</TableHeaderCell>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {model.servers.map(server => (
                    <TableRow key={server.name}>
                      <TableCell>
                        <Button appearance="transparent" size="small" onClick={() => setOpen(server.name)}>
                          {server.name}
                        </Button>
                      </TableCell>
                      {server.cells.map((cell, i) => (
                        <TableCell key={model.areas[i]} aria-label={`${model.areas[i]}: ${cell.text}`}>
                          <span className={styles.cell}>{cell.severity ? <SeverityIcon severity={cell.severity} /> : <Text className={styles.muted}>–</Text>}</span>
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </section>
        </>
      ) : null}
      <OverlayDrawer position="end" size="medium" open={current !== null} onOpenChange={(_, data) => !data.open && setOpen(null)} aria-labelledby="health-drawer-title">
        {current ? <ServerDetails server={current} onClose={() => setOpen(null)} /> : null}
      </OverlayDrawer>
    </StepFrame>
  );
}

/** "Scanned 7 servers at 14:28 (24 s)". */
function ScanSummary() {
  const styles = useStyles();
  const report = useWizardStore(s => s.session?.scan ?? null);
  const run = useWizardStore(s => s.scanRun);
  if (!report) return null;
  const at = new Date(run?.finishedAt ?? Date.parse(report.generatedAt));
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const seconds = run?.finishedAt ? Math.max(1, Math.round((run.finishedAt - run.startedAt) / 1000)) : null;
  return (
    <Text className={styles.muted} role="status" tabIndex={-1} id="scan-summary" data-testid="scan-summary">
      Scanned {report.servers.length} servers at {time}
      {seconds !== null ? ` (${seconds} s)` : ''}
    </Text>
  );
}

function ServerCard({ server, onOpen }: { server: HealthServer; onOpen: () => void }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} aria-label={`${server.name}: ${server.severity}`}>
      <div className={styles.lines}>
        <Subtitle2 as="h2" className={styles.cardTitle}>
          <StatusIcon status={server.status} />
          {server.name}
        </Subtitle2>
        <Text>{server.build}</Text>
        {server.released ? (
          <Text size={200} className={styles.muted}>
            Build from {server.released}
          </Text>
        ) : null}
        <Text className={styles.reason}>
          <SeverityIcon severity={server.severity} /> {server.topReason}
        </Text>
        <div>
          <Button size="small" onClick={onOpen}>
            {`Show findings for ${server.name}`}
          </Button>
        </div>
      </div>
    </Card>
  );
}

/** A server's details in the drawer: the failure and its fix, the findings to look at, the passed checks collapsed. */
function ServerDetails({ server, onClose }: { server: HealthServer; onClose: () => void }) {
  const styles = useStyles();
  const result = useWizardStore(s => s.session?.scan?.servers.find(r => r.name === server.name) ?? null);
  const scanning = useScanning();
  return (
    <>
      <DrawerHeader>
        <DrawerHeaderTitle id="health-drawer-title" action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={onClose} />}>
          Findings for {server.name}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        <section className={styles.drawerBody} aria-label={`Findings for ${server.name}`}>
          <Text>
            {server.build}
            {server.released ? ` · build from ${server.released}` : ''}
          </Text>
          {result?.error ? <ErrorNotice error={result.error} title={result.reachable ? 'Part of the scan failed' : 'This server could not be scanned'} /> : null}
          {result?.error ? (
            <div className={styles.retry}>
              <Button onClick={() => void scanServers(server.name)} disabled={scanning}>
                Try this server again
              </Button>
              {needsConnectAs(result.error, result.roles) ? <ConnectAsDialog server={result.fqdn ?? result.name} onConnected={() => void scanServers(server.name)} /> : null}
            </div>
          ) : null}
          {result && !result.reachable ? <OfflineCollector serverName={server.name} /> : null}
          <FindingList findings={server.attention} place="health" />
          {server.passed.length > 0 ? (
            <Accordion collapsible>
              <AccordionItem value="passed">
                <AccordionHeader>{server.passed.length} checks passed</AccordionHeader>
                <AccordionPanel>
                  <FindingList findings={server.passed} place="health" />
                </AccordionPanel>
              </AccordionItem>
            </Accordion>
          ) : null}
        </section>
      </DrawerBody>
    </>
  );
}

/**
 * For a server the jump box cannot reach: a standalone script the admin runs
 * on the server itself, and the import of the ZIP it writes.
 */
function OfflineCollector({ serverName }: { serverName: string }) {
  const styles = useStyles();
  const scriptPath = useWizardStore(s => s.collector.scriptPath);
  const importJobId = useWizardStore(s => s.collector.importJobId);
  const [zipPath, setZipPath] = useState('');
  return (
    <Card>
      <Subtitle2 as="h3">Can't reach {serverName}? Collect on the server instead</Subtitle2>
      <Text>
        Save the collector script, copy it to {serverName} and run it there in an elevated Exchange Management Shell. It writes a ZIP file; bring the ZIP back to this computer and import it. Nothing
        is changed on the server.
      </Text>
      <Text>In the folder you copied it to, unblock it and run it with the execution policy bypassed for this one run:</Text>
      <CopyBlock lines={[...COLLECTOR_RUN.commands]} label="How to run the collector on the server" />
      <div className={styles.collectorRow}>
        <Button onClick={() => void exportCollectorScript()}>Save the collector script</Button>
        {scriptPath ? <Text>Saved as {scriptPath}</Text> : null}
      </div>
      <div className={styles.collectorRow}>
        <PathField
          className={styles.grow}
          label="ZIP file written by the collector (full path on this computer)"
          value={zipPath}
          onChange={setZipPath}
          kind="file"
          extensions={['zip']}
          dialogTitle={`Choose the collector's ZIP file from ${serverName}`}
          place="health"
        />
        <Button disabled={zipPath.trim() === ''} onClick={() => void importCollectorZip(zipPath.trim())}>
          Import and scan
        </Button>
      </div>
      <JobProgress jobId={importJobId} label={`Import of the capture of ${serverName}`} />
    </Card>
  );
}
