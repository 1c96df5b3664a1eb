import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Field,
  Input,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, MoreHorizontal20Regular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { downloadTable, plannedPackageIds, type DownloadRow } from '../../../src-shared/wizard/download-table';
import { DetailsDrawer } from '../components/DetailsDrawer';
import { EvidenceTable } from '../components/EvidenceTable';
import { ExternalLink } from '../components/ExternalLink';
import { JobProgress } from '../components/JobProgress';
import { PathField } from '../components/PathField';
import { StepFrame } from '../components/StepFrame';
import { TransferStatusIcon } from '../components/TransferStatusIcon';
import { downloadAll, downloadUpdate, importUpdate, loadPackages, useDownloadActivity } from '../store/transfer';
import { useWizardStore } from '../store/wizard-store';
import { verificationEvidence } from '../verification';

const useStyles = makeStyles({
  answer: { fontWeight: tokens.fontWeightSemibold, margin: 0 },
  nowrap: { whiteSpace: 'nowrap' },
  statusColumn: { minWidth: '190px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  table: { tableLayout: 'auto' },
  wrap: { overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  status: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'flex-start' },
  rowActions: { display: 'flex', gap: tokens.spacingHorizontalXS, justifyContent: 'flex-end' },
  form: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingVerticalM, maxWidth: '720px' },
});

type Disclosure = 'import' | 'address';

/** Download: one table of the files the plan needs, "Download all", and the other ways to get a file. */
export function DownloadStep() {
  const styles = useStyles();
  const scan = useWizardStore(s => s.session?.scan ?? null);
  const downloads = useWizardStore(s => s.session?.downloads);
  const demo = useWizardStore(s => s.session?.organisation.mode === 'demo');
  const hasEsu = useWizardStore(s => s.session?.organisation.hasEsu ?? false);
  const packages = useWizardStore(s => s.packages);
  const run = useWizardStore(s => s.transferRun);
  const activity = useDownloadActivity();
  const ids = useMemo(() => (scan ? plannedPackageIds(scan) : []), [scan]);
  const [open, setOpen] = useState<Disclosure[]>([]);
  const [chosen, setChosen] = useState<string>('');
  const [details, setDetails] = useState<string | null>(null);
  const disclosures = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void loadPackages(ids);
  }, [ids]);

  const listed = packages?.ids === ids.join('\n') ? packages : null;
  const table = useMemo(
    () => (scan && listed ? downloadTable({ scan, packages: listed.list, missing: listed.missing, downloads: downloads ?? [], demo, hasEsu, activity }) : null),
    [scan, listed, downloads, demo, hasEsu, activity],
  );
  if (!scan) return null;
  const busy = run !== null;
  const rowFor = (id: string) => table?.rows.find(r => r.updateId === id) ?? null;

  /** Opens one of the disclosures below the table for a row, and brings it into view. */
  const openFor = (disclosure: Disclosure, updateId: string) => {
    setChosen(updateId);
    setOpen(o => (o.includes(disclosure) ? o : [...o, disclosure]));
    requestAnimationFrame(() => disclosures.current?.querySelector<HTMLElement>(`[data-disclosure="${disclosure}"] select`)?.focus());
  };

  const unverified = table?.rows.filter(r => r.status === 'unverified') ?? [];
  const shown = details ? rowFor(details) : null;
  return (
    <StepFrame
      step="download"
      intro="The files the plan needs. Each is checked while it downloads (SHA-256, size, and on Windows the Microsoft signature) and kept only when every check passed. Interrupted downloads resume where they stopped."
      nextLabel="Copy them to the servers"
      nextPrimary={table === null || table.rows.length === 0 || table.allDone}
    >
      {demo ? <Text>Demo organisation: the files come from a local demo server and are not real Microsoft updates.</Text> : null}
      {table === null ? (
        <Spinner label="Looking up the files…" />
      ) : (
        <>
          <Text as="p" className={styles.answer}>
            {table.summary}
          </Text>
          {table.downloadAllLabel || run?.kind === 'download' ? (
            <div className={styles.actions}>
              {table.downloadAllLabel ? (
                <Button appearance="primary" icon={<ArrowDownload20Regular />} disabled={busy} onClick={() => void downloadAll(table.pending)}>
                  {table.downloadAllLabel}
                </Button>
              ) : null}
            </div>
          ) : null}
          {run?.kind === 'download' ? <JobProgress jobId={run.jobId} label={run.label} /> : null}
          {table.rows.length > 0 ? (
            <Table aria-label="Files the plan needs" className={styles.table} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>File</TableHeaderCell>
                  <TableHeaderCell>Size</TableHeaderCell>
                  <TableHeaderCell>Needed by</TableHeaderCell>
                  <TableHeaderCell className={styles.statusColumn}>Status</TableHeaderCell>
                  <TableHeaderCell>
                    <span className={styles.muted}>Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {table.rows.map(row => (
                  <TableRow key={row.updateId}>
                    <TableCell>
                      <TableCellLayout className={styles.wrap} description={row.title}>
                        {row.fileName}
                      </TableCellLayout>
                    </TableCell>
                    <TableCell className={styles.nowrap}>{row.sizeLabel}</TableCell>
                    <TableCell className={styles.wrap}>{row.neededBy.join(', ') || '—'}</TableCell>
                    <TableCell>
                      <span className={styles.status}>
                        <TransferStatusIcon status={row.status} />
                        <Text className={styles.wrap}>{row.statusText}</Text>
                      </span>
                    </TableCell>
                    <TableCell>
                      <RowActions row={row} busy={busy} onOpen={openFor} onDetails={setDetails} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : null}
          {unverified.map(row => (
            <MessageBar key={row.updateId} intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{row.fileName} is downloaded but not verified</MessageBarTitle>
                There was no published SHA-256 to compare with and the signature could not be checked on this computer. Before installing, compare its SHA-256{' '}
                <code className={styles.wrap}>{row.download?.manifest.sha256}</code> with the one on Microsoft's page for the update.
              </MessageBarBody>
            </MessageBar>
          ))}
          {table.rows.length > 0 ? (
            <div ref={disclosures}>
              <Accordion multiple collapsible openItems={open} onToggle={(_, d) => setOpen(d.openItems as Disclosure[])}>
                <AccordionItem value="import" data-disclosure="import">
                  <AccordionHeader>I already have this file</AccordionHeader>
                  <AccordionPanel>
                    <ImportForm rows={table.rows} chosen={chosen} onChoose={setChosen} busy={busy} />
                  </AccordionPanel>
                </AccordionItem>
                {table.rows.some(r => r.status === 'needs-address') ? (
                  <AccordionItem value="address" data-disclosure="address">
                    <AccordionHeader>Download from an address on Microsoft's page</AccordionHeader>
                    <AccordionPanel>
                      <AddressForm rows={table.rows.filter(r => r.status === 'needs-address' || r.status === 'failed')} chosen={chosen} onChoose={setChosen} busy={busy} />
                    </AccordionPanel>
                  </AccordionItem>
                ) : null}
              </Accordion>
            </div>
          ) : null}
        </>
      )}
      <DetailsDrawer title={shown?.download ? `How ${shown.fileName} was checked` : null} onClose={() => setDetails(null)}>
        {shown?.download ? <EvidenceTable evidence={verificationEvidence(shown.download)} caption={`Verification of ${shown.fileName}`} /> : null}
      </DetailsDrawer>
    </StepFrame>
  );
}

/** A row's own action (secondary) and its menu of the other ones. */
function RowActions({ row, busy, onOpen, onDetails }: { row: DownloadRow; busy: boolean; onOpen(d: Disclosure, id: string): void; onDetails(id: string): void }) {
  const styles = useStyles();
  const main =
    row.download !== null ? (
      <Button size="small" onClick={() => onDetails(row.updateId)}>
        Checks
      </Button>
    ) : row.direct ? (
      <Button size="small" disabled={busy} onClick={() => void downloadUpdate(row.updateId)}>
        {row.status === 'failed' ? 'Try again' : 'Download'}
      </Button>
    ) : row.status === 'needs-address' ? (
      <Button size="small" onClick={() => onOpen('address', row.updateId)}>
        Give its address
      </Button>
    ) : row.status === 'esu-channel' || row.status === 'not-in-catalog' ? null : (
      <Button size="small" onClick={() => onOpen('import', row.updateId)}>
        Import
      </Button>
    );
  return (
    <div className={styles.rowActions}>
      {main}
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button size="small" appearance="subtle" icon={<MoreHorizontal20Regular />} aria-label={`More for ${row.fileName}`} />
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {row.direct && row.download !== null ? (
              <MenuItem disabled={busy} onClick={() => void downloadUpdate(row.updateId)}>
                Download again
              </MenuItem>
            ) : null}
            {row.status !== 'not-in-catalog' ? <MenuItem onClick={() => onOpen('import', row.updateId)}>I already have this file…</MenuItem> : null}
            {row.download !== null ? <MenuItem onClick={() => onDetails(row.updateId)}>How it was checked</MenuItem> : null}
          </MenuList>
        </MenuPopover>
      </Menu>
    </div>
  );
}

/** The file a form is for: the row that opened it when the form offers it, else the form's first. */
function chosenIn(rows: DownloadRow[], chosen: string): string {
  return rows.some(r => r.updateId === chosen) ? chosen : (rows[0]?.updateId ?? '');
}

/** Pick the file a form is for (the row that opened it, or any). */
function FileSelect({ rows, chosen, onChoose, label }: { rows: DownloadRow[]; chosen: string; onChoose(id: string): void; label: string }) {
  const value = chosenIn(rows, chosen);
  return (
    <Field label={label}>
      <Select value={value} onChange={(_, d) => onChoose(d.value)}>
        {rows.map(r => (
          <option key={r.updateId} value={r.updateId}>
            {r.fileName} — {r.title}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** "I already have this file": a copy from elsewhere (a USB disk, the ESU portal), checked like a download. */
function ImportForm({ rows, chosen, onChoose, busy }: { rows: DownloadRow[]; chosen: string; onChoose(id: string): void; busy: boolean }) {
  const styles = useStyles();
  const [path, setPath] = useState('');
  const [hash, setHash] = useState('');
  const importable = rows.filter(r => r.status !== 'not-in-catalog');
  const updateId = chosenIn(importable, chosen);
  const hashProblem = hash.trim() !== '' && !/^[A-Fa-f0-9]{64}$/.test(hash.trim()) ? 'A SHA-256 is 64 hexadecimal characters (0-9, A-F).' : null;
  return (
    <div className={styles.form}>
      <FileSelect rows={importable} chosen={updateId} onChoose={onChoose} label="Which file you have" />
      <PathField
        label="Where the file is on this computer"
        value={path}
        onChange={setPath}
        kind="file"
        dialogTitle="Choose the update file you already have"
        extensions={['iso', 'exe', 'msp', 'msi']}
        place="download"
      />
      <Field label="Published SHA-256 (optional; from the update's KB page or the ESU portal)" validationState={hashProblem ? 'error' : 'none'} validationMessage={hashProblem ?? undefined}>
        <Input value={hash} onChange={(_, d) => setHash(d.value)} />
      </Field>
      <div>
        <Button disabled={busy || path.trim() === '' || hashProblem !== null || updateId === ''} onClick={() => void importUpdate(updateId, path.trim(), hash.trim() || undefined)}>
          Import and verify
        </Button>
      </div>
    </div>
  );
}

/** A file the catalog has no direct link for: the admin copies the address from Microsoft's page. */
function AddressForm({ rows, chosen, onChoose, busy }: { rows: DownloadRow[]; chosen: string; onChoose(id: string): void; busy: boolean }) {
  const styles = useStyles();
  const [url, setUrl] = useState('');
  const updateId = chosenIn(rows, chosen);
  const page = useWizardStore(s => s.packages?.list.find(p => p.id === updateId)?.downloadPage ?? null);
  const problem = url.trim() !== '' && !/^https:\/\/\S+$/.test(url.trim()) ? "Give an https:// address, as copied from Microsoft's download page." : null;
  return (
    <div className={styles.form}>
      <FileSelect rows={rows} chosen={updateId} onChoose={onChoose} label="Which file" />
      {page ? (
        <Text>
          Microsoft's page for it: <ExternalLink link={{ title: page, url: page }} place="download" />
        </Text>
      ) : null}
      <Field
        label="Download address of the file"
        hint="Copy it from the Microsoft page (https://download.microsoft.com/…)"
        validationState={problem ? 'error' : 'none'}
        validationMessage={problem ?? undefined}
      >
        <Input value={url} onChange={(_, d) => setUrl(d.value)} />
      </Field>
      <div>
        <Button disabled={busy || url.trim() === '' || problem !== null || updateId === ''} onClick={() => void downloadUpdate(updateId, url.trim())}>
          Download and verify
        </Button>
      </div>
    </div>
  );
}
