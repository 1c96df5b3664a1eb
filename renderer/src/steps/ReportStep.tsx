import { Button, Field, Input, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { Copy16Regular, FolderOpen16Regular, Open16Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { ReportFormat } from '../../../src-shared/ipc/contract';
import { ReportCompare } from '../components/ReportCompare';
import { ReportReview } from '../components/ReportReview';
import { StepFrame } from '../components/StepFrame';
import { closeReview, exportReport, openSavedReport, revealExport, setRedact, type ExportedReport } from '../store/report';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '320px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  path: { wordBreak: 'break-all' },
});

const FORMATS: Array<{ format: ReportFormat; label: string }> = [
  { format: 'html', label: 'HTML (one file, opens offline)' },
  { format: 'pdf', label: 'PDF' },
  { format: 'csv', label: 'CSV (one row per server)' },
  { format: 'json', label: 'JSON (for tools, and to re-open here)' },
];

/**
 * What can be done with a file the wizard just wrote: in the desktop app open it or show it in its
 * folder; in the browser, which cannot reach files on this computer, copy its path.
 */
function ExportActions({ file, desktop }: { file: ExportedReport; desktop: boolean }) {
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  const name = `${file.format.toUpperCase()} report`;
  if (desktop) {
    return (
      <div className={styles.actions}>
        <Button size="small" icon={<Open16Regular />} aria-label={`Open: ${name}`} onClick={() => void revealExport(file.path, 'open')}>
          Open
        </Button>
        <Button size="small" icon={<FolderOpen16Regular />} aria-label={`Show in folder: ${name}`} onClick={() => void revealExport(file.path, 'show-in-folder')}>
          Show in folder
        </Button>
      </div>
    );
  }
  const copy = async () => {
    await navigator.clipboard.writeText(file.path);
    setCopied(true);
  };
  return (
    <Button size="small" icon={<Copy16Regular />} aria-label={`${copied ? 'Path copied' : 'Copy path'}: ${name}`} onClick={() => void copy()}>
      {copied ? 'Path copied' : 'Copy path'}
    </Button>
  );
}

/** Report: export the session for the owner, the auditor or the consultant; re-open a saved one read-only. */
export function ReportStep() {
  const styles = useStyles();
  const { redact, busy, exported, review } = useWizardStore(s => s.report);
  const desktop = useWizardStore(s => s.appInfo?.mode === 'electron');
  const [openPath, setOpenPath] = useState('');

  return (
    <StepFrame
      step="report"
      intro="Everything found, planned and done in this session, as a report you can hand on. Redaction replaces every name, address, user, certificate detail and thumbprint consistently, for sharing outside the company. Compare two saved reports to see what the upgrade changed."
    >
      <Switch checked={redact} onChange={(_, d) => setRedact(d.checked)} label="Redact names, addresses, users, certificate details and thumbprints" />
      <div className={styles.row}>
        {FORMATS.map(f => (
          <Button key={f.format} appearance={f.format === 'html' ? 'primary' : 'secondary'} disabled={busy !== null} onClick={() => void exportReport(f.format)}>
            {busy === f.format ? 'Exporting…' : `Export ${f.label}`}
          </Button>
        ))}
      </div>
      {exported.length > 0 ? (
        <>
          <Table aria-label="Exported reports" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Format</TableHeaderCell>
                <TableHeaderCell>Saved as</TableHeaderCell>
                <TableHeaderCell>Size</TableHeaderCell>
                <TableHeaderCell>{desktop ? 'Open' : 'Path'}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {exported.map(e => (
                <TableRow key={e.path + e.bytes}>
                  <TableCell>
                    {e.format.toUpperCase()}
                    {e.redacted ? ' (redacted)' : ''}
                  </TableCell>
                  <TableCell className={styles.path}>{e.path}</TableCell>
                  <TableCell>{Math.max(1, Math.round(e.bytes / 1024))} KB</TableCell>
                  <TableCell>
                    <ExportActions file={e} desktop={desktop} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {desktop ? null : <Text size={200}>The browser cannot open files on this computer: copy the path and open it from Explorer or your file manager.</Text>}
        </>
      ) : null}
      <Title3 as="h2">Review a saved report</Title3>
      <div className={styles.row}>
        <Field className={styles.grow} label="Path of a JSON report exported by this wizard">
          <Input value={openPath} onChange={(_, d) => setOpenPath(d.value)} />
        </Field>
        <Button disabled={openPath.trim() === ''} onClick={() => void openSavedReport(openPath)}>
          Open read-only
        </Button>
      </div>
      {review ? <ReportReview report={review} onClose={closeReview} /> : <Text size={200}>Opening a report does not change this session.</Text>}
      <ReportCompare />
    </StepFrame>
  );
}
