import { Button, Field, Input, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ReportFormat } from '../../../src-shared/ipc/contract';
import type { ReportDocument } from '../../../src-shared/report/schema';
import { getApi } from '../api';
import { ReportCompare } from '../components/ReportCompare';
import { ReportReview } from '../components/ReportReview';
import { StepFrame } from '../components/StepFrame';
import { callForStep } from '../store/session-actions';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '320px' },
});

const FORMATS: Array<{ format: ReportFormat; label: string }> = [
  { format: 'html', label: 'HTML (one file, opens offline)' },
  { format: 'pdf', label: 'PDF' },
  { format: 'csv', label: 'CSV (one row per server)' },
  { format: 'json', label: 'JSON (for tools, and to re-open here)' },
];

interface Exported {
  format: ReportFormat;
  path: string;
  bytes: number;
  redacted: boolean;
}

/** Report: export the session for the owner, the auditor or the consultant; re-open a saved one read-only. */
export function ReportStep() {
  const styles = useStyles();
  const [redact, setRedact] = useState(false);
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [exported, setExported] = useState<Exported[]>([]);
  const [openPath, setOpenPath] = useState('');
  const [review, setReview] = useState<ReportDocument | null>(null);

  const exportAs = async (format: ReportFormat) => {
    setBusy(format);
    const result = await callForStep('report', () => getApi().exportReport({ format, redact }));
    setBusy(null);
    if (result) setExported(list => [{ format, path: result.path, bytes: result.bytes, redacted: redact }, ...list]);
  };

  const open = async () => {
    const result = await callForStep('report', () => getApi().openReport({ path: openPath.trim() }));
    if (result) setReview(result.report);
  };

  return (
    <StepFrame step="report" intro="Everything found, planned and done in this session, as a report you can hand on. Redaction replaces every name, address, user, certificate detail and thumbprint consistently, for sharing outside the company. Compare two saved reports to see what the upgrade changed.">
      <Switch checked={redact} onChange={(_, d) => setRedact(d.checked)} label="Redact names, addresses, users, certificate details and thumbprints" />
      <div className={styles.row}>
        {FORMATS.map(f => (
          <Button key={f.format} appearance={f.format === 'html' ? 'primary' : 'secondary'} disabled={busy !== null} onClick={() => void exportAs(f.format)}>
            {busy === f.format ? 'Exporting…' : `Export ${f.label}`}
          </Button>
        ))}
      </div>
      {exported.length > 0 ? (
        <Table aria-label="Exported reports" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Format</TableHeaderCell>
              <TableHeaderCell>Saved as</TableHeaderCell>
              <TableHeaderCell>Size</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {exported.map(e => (
              <TableRow key={e.path + e.bytes}>
                <TableCell>
                  {e.format.toUpperCase()}
                  {e.redacted ? ' (redacted)' : ''}
                </TableCell>
                <TableCell>{e.path}</TableCell>
                <TableCell>{Math.max(1, Math.round(e.bytes / 1024))} KB</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <Title3 as="h2">Review a saved report</Title3>
      <div className={styles.row}>
        <Field className={styles.grow} label="Path of a JSON report exported by this wizard">
          <Input value={openPath} onChange={(_, d) => setOpenPath(d.value)} />
        </Field>
        <Button disabled={openPath.trim() === ''} onClick={() => void open()}>
          Open read-only
        </Button>
      </div>
      {review ? <ReportReview report={review} onClose={() => setReview(null)} /> : <Text size={200}>Opening a report does not change this session.</Text>}
      <ReportCompare />
    </StepFrame>
  );
}
