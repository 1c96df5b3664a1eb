import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Button, Card, CardHeader, Field, Input, Spinner, Subtitle1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { verificationSummary, type DownloadResult } from '../../../src-shared/domain/transfer';
import type { UpdatePackage } from '../../../src-shared/knowledge/types';
import { getApi } from '../api';
import { EvidenceTable } from '../components/EvidenceTable';
import { ExternalLink } from '../components/ExternalLink';
import { JobProgress } from '../components/JobProgress';
import { StepFrame } from '../components/StepFrame';
import { useJobRunner } from '../store/jobs';
import { callForStep } from '../store/session-actions';
import { useWizardStore } from '../store/wizard-store';
import { verificationEvidence } from '../verification';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '320px' },
});

/** Package ids the plans install, in plan order, without repeats. */
function plannedPackageIds(servers: Array<{ plan: { steps: Array<{ updateId: string | null }> } | null }>): string[] {
  const ids: string[] = [];
  for (const s of servers) for (const step of s.plan?.steps ?? []) if (step.updateId && !ids.includes(step.updateId)) ids.push(step.updateId);
  return ids;
}

/** Download: fetch each needed file (or import one from elsewhere) and verify it. */
export function DownloadStep() {
  const styles = useStyles();
  const session = useWizardStore(s => s.session);
  const report = session?.scan ?? null;
  const ids = useMemo(() => (report ? plannedPackageIds(report.servers) : []), [report]);
  const [packages, setPackages] = useState<UpdatePackage[] | null>(null);
  const [missing, setMissing] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    void callForStep('download', () => getApi().listUpdatePackages({ ids })).then(result => {
      if (!live || !result) return;
      setPackages(result.packages);
      setMissing(result.missing);
    });
    return () => {
      live = false;
    };
  }, [ids]);

  if (!session || !report) return null;
  const demo = session.organisation.mode === 'demo';
  return (
    <StepFrame
      step="download"
      intro="The files the plan needs. Each is checked while it downloads (SHA-256, size, and on Windows the Microsoft signature) and kept only when every check passed. Interrupted downloads resume where they stopped."
      nextLabel="Copy them to the servers"
    >
      {demo ? <Text>Demo organisation: the files come from a local demo server and are not real Microsoft updates.</Text> : null}
      {packages === null ? <Spinner label="Looking up the files…" /> : null}
      {packages?.length === 0 && missing.length === 0 ? <Text>No file to download: no server needs an installation.</Text> : null}
      {missing.length > 0 ? <Text>The catalog has no file entry for: {missing.join(', ')}.</Text> : null}
      <div className={styles.list}>
        {(packages ?? []).map(pkg => (
          <PackageCard key={pkg.id} pkg={pkg} demo={demo} hasEsu={session.organisation.hasEsu} done={session.downloads.find(d => d.manifest.updateId === pkg.id) ?? null} />
        ))}
      </div>
    </StepFrame>
  );
}

function PackageCard({ pkg, demo, hasEsu, done }: { pkg: UpdatePackage; demo: boolean; hasEsu: boolean; done: DownloadResult | null }) {
  const styles = useStyles();
  const [url, setUrl] = useState('');
  const [importPath, setImportPath] = useState('');
  const [importHash, setImportHash] = useState('');
  const { jobId, busy, run } = useJobRunner('download');
  const canDownloadDirectly = demo || pkg.url !== null;

  const download = () => run(id => callForStep('download', () => getApi().downloadUpdate({ jobId: id, updateId: pkg.id, ...(url.trim() ? { url: url.trim() } : {}) })));
  const importFile = () =>
    run(id => callForStep('download', () => getApi().importUpdateFile({ jobId: id, updateId: pkg.id, path: importPath.trim(), ...(importHash.trim() ? { sha256: importHash.trim() } : {}) })));

  return (
    <Card>
      <CardHeader
        header={<Subtitle1 as="h2">{pkg.fileName}</Subtitle1>}
        description={
          <Text>
            {pkg.product} {pkg.cu} {pkg.update ?? '(cumulative update)'} — build {pkg.build}
          </Text>
        }
        action={done ? <VerificationBadge download={done} /> : pkg.esuOnly ? <Badge color="important">ESU only</Badge> : undefined}
      />
      {pkg.esuOnly ? (
        <Text>
          {hasEsu
            ? 'Sold only to Extended Security Update customers: get it from your ESU channel and import it below.'
            : 'Sold only to Extended Security Update customers, and your organisation has none: the plan does not rely on it.'}
        </Text>
      ) : null}
      {pkg.downloadPage ? (
        <Text>
          Microsoft page for this file: <ExternalLink link={{ title: pkg.downloadPage, url: pkg.downloadPage }} place="download" />
        </Text>
      ) : null}
      {done ? <EvidenceTable evidence={verificationEvidence(done)} caption={`Verification of ${pkg.fileName}`} /> : null}
      <div className={styles.row}>
        {!canDownloadDirectly ? (
          <Field className={styles.grow} label="Download address of the file" hint="Copy it from the Microsoft page above (https://download.microsoft.com/…)">
            <Input value={url} onChange={(_, d) => setUrl(d.value)} />
          </Field>
        ) : null}
        <Button appearance={done ? 'secondary' : 'primary'} disabled={busy || (!canDownloadDirectly && url.trim() === '')} onClick={() => void download()}>
          {done ? 'Download again' : 'Download and verify'}
        </Button>
      </div>
      <Accordion collapsible>
        <AccordionItem value="import">
          <AccordionHeader>I already have this file</AccordionHeader>
          <AccordionPanel>
            <div className={styles.row}>
              <Field className={styles.grow} label="Import a file downloaded elsewhere (full path on this computer)">
                <Input value={importPath} onChange={(_, d) => setImportPath(d.value)} />
              </Field>
              <Field label="Published SHA-256 (optional)">
                <Input value={importHash} onChange={(_, d) => setImportHash(d.value)} />
              </Field>
              <Button disabled={busy || importPath.trim() === ''} onClick={() => void importFile()}>
                Import and verify
              </Button>
            </div>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
      <JobProgress jobId={jobId} label={`Download of ${pkg.fileName}`} />
    </Card>
  );
}

/** "Verified" only for what was compared (published hash, Microsoft signature); otherwise says it plainly. */
function VerificationBadge({ download }: { download: DownloadResult }) {
  const { level } = verificationSummary(download.manifest);
  if (level === 'none') return <Badge color="warning">Downloaded, not verified</Badge>;
  return <Badge color="success">Verified</Badge>;
}
