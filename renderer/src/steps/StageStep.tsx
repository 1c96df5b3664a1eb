import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Copy20Regular, MoreHorizontal20Regular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { plannedPackageIds } from '../../../src-shared/wizard/download-table';
import { destinationProblem, stageDiskWarnings, stageMatrix, type StageRow } from '../../../src-shared/wizard/stage-matrix';
import { plural } from '../../../src-shared/wizard/words';
import { DetailsDrawer } from '../components/DetailsDrawer';
import { EvidenceTable } from '../components/EvidenceTable';
import { JobProgress } from '../components/JobProgress';
import { PathField } from '../components/PathField';
import { StepFrame } from '../components/StepFrame';
import { TransferStatusIcon } from '../components/TransferStatusIcon';
import { loadPackages, stageCopies, stageToFolder, useStageActivity, type StageCopy } from '../store/transfer';
import { useWizardStore } from '../store/wizard-store';
import { stagingEvidence } from '../verification';

const useStyles = makeStyles({
  answer: { fontWeight: tokens.fontWeightSemibold, margin: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  wrap: { overflowWrap: 'anywhere' },
  fileHeader: { fontWeight: tokens.fontWeightSemibold, verticalAlign: 'bottom' },
  cell: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  serverCell: { fontWeight: tokens.fontWeightSemibold },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const copiesOf = (row: StageRow): StageCopy[] =>
  row.cells.filter(c => (c.status === 'to-copy' || c.status === 'failed') && c.file !== null).map(c => ({ server: row.server, target: row.target, updateId: c.updateId, file: c.file!.path }));

/** Stage: one matrix of servers × files, "Copy all", and per server a menu for its own copies. */
export function StageStep() {
  const styles = useStyles();
  const scan = useWizardStore(s => s.session?.scan ?? null);
  const downloads = useWizardStore(s => s.session?.downloads);
  const staging = useWizardStore(s => s.session?.staging);
  const demo = useWizardStore(s => s.session?.organisation.mode === 'demo');
  const run = useWizardStore(s => s.transferRun);
  const activity = useStageActivity();
  const packages = useWizardStore(s => s.packages?.list);
  const ids = useMemo(() => (scan ? plannedPackageIds(scan) : []), [scan]);
  useEffect(() => {
    void loadPackages(ids);
  }, [ids]);
  const [details, setDetails] = useState<string | null>(null);
  const [folderFor, setFolderFor] = useState<string | null>(null);
  const [folderNote, setFolderNote] = useState<string | null>(null);
  const matrix = useMemo(
    () => (scan ? stageMatrix({ scan, downloads: downloads ?? [], staging: staging ?? [], activity, ...(packages ? { packages } : {}) }) : null),
    [scan, downloads, staging, activity, packages],
  );
  if (!scan || !matrix) return null;
  const busy = run !== null;
  const shown = matrix.rows.find(r => r.server === details) ?? null;
  const folderRow = matrix.rows.find(r => r.server === folderFor) ?? null;

  return (
    <StepFrame
      step="stage"
      intro="Copy the verified files to each server before the maintenance window. Each copy is checked again on the server; a file already there and identical is not copied twice."
      nextLabel="Start the upgrade"
      nextPrimary={matrix.allDone || matrix.rows.length === 0}
    >
      {demo ? <Text>Demo organisation: files are copied to a local folder that stands in for each server's C$ share.</Text> : null}
      <Text as="p" className={styles.answer}>
        {matrix.summary}
      </Text>
      {stageDiskWarnings(matrix, scan).map(w => (
        <MessageBar key={w.server} intent="warning" data-testid={`disk-warning-${w.server}`}>
          <MessageBarBody>
            <MessageBarTitle>Not enough room on {w.server}</MessageBarTitle>
            {w.text}
          </MessageBarBody>
        </MessageBar>
      ))}
      {matrix.copyAll.length > 0 ? (
        <div className={styles.actions}>
          <Button appearance="primary" icon={<Copy20Regular />} disabled={busy} onClick={() => void stageCopies(matrix.copyAll, `Copy of ${plural(matrix.copyAll.length, 'file')}`)}>
            Copy all ({plural(matrix.copyAll.length, 'copy', 'copies')})
          </Button>
        </div>
      ) : null}
      {run?.kind === 'stage' ? <JobProgress jobId={run.jobId} label={run.label} /> : null}
      {matrix.newServer ? (
        <Text as="p">
          The new Exchange SE server of the migration{matrix.newServer.replaces.length > 0 ? ` (replacing ${matrix.newServer.replaces.join(', ')})` : ''} gets its copies once it exists:{' '}
          {matrix.newServer.files.join(', ')}. {matrix.keptHere.length > 0 ? `${plural(matrix.keptHere.length, 'file stays', 'files stay')} on this computer until then. ` : ''}
          They are never copied onto the servers it replaces.
        </Text>
      ) : null}
      {matrix.rows.length > 0 ? (
        <Table aria-label="Copies per server" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Server</TableHeaderCell>
              {matrix.columns.map(c => (
                <TableHeaderCell key={c.updateId} className={styles.fileHeader}>
                  {c.label}
                </TableHeaderCell>
              ))}
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {matrix.rows.map(row => (
              <TableRow key={row.server}>
                <TableCell className={styles.serverCell}>{row.server}</TableCell>
                {row.cells.map(cell => (
                  <TableCell key={cell.updateId}>
                    <span className={styles.cell}>
                      <TransferStatusIcon status={cell.status} />
                      <Text size={200}>{cell.short}</Text>
                    </span>
                  </TableCell>
                ))}
                <TableCell>
                  <Menu>
                    <MenuTrigger disableButtonEnhancement>
                      <Button size="small" appearance="subtle" icon={<MoreHorizontal20Regular />} aria-label={`Copies for ${row.server}`} />
                    </MenuTrigger>
                    <MenuPopover>
                      <MenuList>
                        <MenuItem disabled={busy || row.toCopy === 0} onClick={() => void stageCopies(copiesOf(row), `Copy to ${row.server}`)}>
                          {row.toCopy === 0 ? `Nothing left to copy to ${row.server}` : `Copy ${plural(row.toCopy, 'file')} to ${row.server}`}
                        </MenuItem>
                        <MenuItem disabled={busy || row.toCopy === 0} onClick={() => setFolderFor(row.server)}>
                          Copy {row.server}'s files to a folder I choose…
                        </MenuItem>
                        <MenuItem onClick={() => setDetails(row.server)}>Show the copies on {row.server}</MenuItem>
                      </MenuList>
                    </MenuPopover>
                  </Menu>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Text>No server needs a file.</Text>
      )}
      <DetailsDrawer title={shown ? `Copies on ${shown.server}` : null} onClose={() => setDetails(null)}>
        {shown?.cells
          .filter(c => c.status !== 'not-needed')
          .map(cell => (
            <section key={cell.updateId} aria-label={`${cell.file?.manifest.fileName ?? cell.updateId} on ${shown.server}`}>
              <Subtitle2 as="h2" block className={styles.wrap}>
                {cell.file?.manifest.fileName ?? cell.updateId}
              </Subtitle2>
              <Text as="p" block>
                {cell.text}
              </Text>
              {cell.staged ? <EvidenceTable evidence={stagingEvidence(cell.staged)} caption={`Copy of ${cell.file?.manifest.fileName ?? cell.updateId} on ${shown.server}`} /> : null}
            </section>
          ))}
      </DetailsDrawer>
      {folderNote ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{folderNote}</MessageBarBody>
        </MessageBar>
      ) : null}
      {folderRow ? <FolderDialog row={folderRow} onClose={() => setFolderFor(null)} onCopied={setFolderNote} /> : null}
    </StepFrame>
  );
}

/** One server's files into a folder the admin picks (a mounted share, a USB disk); problems show at the field. */
function FolderDialog({ row, onClose, onCopied }: { row: StageRow; onClose(): void; onCopied(note: string): void }) {
  const styles = useStyles();
  const [destination, setDestination] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const copy = async () => {
    const typed = destinationProblem(destination);
    if (typed) {
      setProblem(typed);
      return;
    }
    setProblem(null);
    const refusal = await stageToFolder(copiesOf(row), destination.trim());
    if (refusal) {
      setProblem(refusal);
      return;
    }
    if (!useWizardStore.getState().errors.stage) {
      onCopied(
        `${row.server}'s files were copied to ${destination.trim()} and checked there. They are not on ${row.server} yet: move them onto it (C:\\ExchangeUpdates) before the maintenance window.`,
      );
    }
    onClose();
  };
  return (
    <Dialog open onOpenChange={(_, d) => (d.open ? null : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Copy {row.server}'s files to a folder</DialogTitle>
          <DialogContent className={styles.form}>
            <Text>
              For a server whose C$ share this computer cannot reach: copy the files to a folder you choose (a mounted share or a USB disk), then move them onto {row.server} yourself. Each copy is
              checked again in that folder.
            </Text>
            <PathField
              label="Destination folder"
              value={destination}
              onChange={v => {
                setDestination(v);
                setProblem(null);
              }}
              kind="folder"
              dialogTitle={`Choose the folder for ${row.server}'s files`}
              place="stage"
              validationMessage={problem}
            />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => void copy()}>
              Copy {plural(row.toCopy, 'file')}
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
