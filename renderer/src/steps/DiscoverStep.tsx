import { Button, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import type { NameProblem } from '../../../src-shared/wizard/typed-names';
import { discoveredVersionLabel } from '../../../src-shared/wizard/server-labels';
import { JobProgress } from '../components/JobProgress';
import { StepFrame } from '../components/StepFrame';
import { addTypedServers, discover, saveDiscovered } from '../store/discovery';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  notes: { color: tokens.colorNeutralForeground3 },
  field: { minWidth: '320px', flexGrow: 1, maxWidth: '560px' },
  hidden: { position: 'absolute', left: '-10000px' },
});

const SOURCE_LABEL: Record<DiscoveredServer['source'], string> = {
  demo: 'Demo organisation',
  lab: 'Lab captures',
  'active-directory': 'Active Directory',
  'exchange-shell': 'Exchange Management Shell',
  manual: 'Typed by you',
  'https-fingerprint': 'HTTPS fingerprint',
  'offline-collector': 'Offline collector',
};

const NONE: DiscoveredServer[] = [];

/** Discover: find the servers (demo, AD, Exchange shell, typed names), add or remove by hand. */
export function DiscoverStep() {
  const styles = useStyles();
  const discovered = useWizardStore(s => s.session?.discovered ?? NONE);
  const mode = useWizardStore(s => s.session?.organisation.mode ?? 'demo');
  const { jobId, busy } = useWizardStore(s => s.discovery);
  const [addText, setAddText] = useState('');
  const [problems, setProblems] = useState<NameProblem[]>([]);
  const [notFound, setNotFound] = useState<NameProblem[]>([]);

  const add = async () => {
    if (addText.trim() === '') return;
    const refused = await addTypedServers(addText);
    const missing = refused.filter(p => p.kind === 'not-in-dns');
    setProblems(refused.filter(p => p.kind === 'invalid'));
    setNotFound(list => [...list.filter(p => !missing.some(m => m.name === p.name)), ...missing]);
    // Keep what was refused in the field so it can be corrected; the rest was added.
    setAddText(refused.map(p => p.name).join(', '));
  };

  const remove = (name: string) => void saveDiscovered(discovered.filter(s => s.name !== name));

  return (
    <StepFrame
      step="discover"
      intro="The Exchange servers of your organisation. Check the list: add servers that are missing and remove any you do not want to check."
      nextLabel="Check these servers"
      nextDisabled={discovered.length === 0 || busy}
    >
      <div className={styles.actions}>
        {mode === 'demo' ? (
          <Button onClick={() => void discover('demo')} disabled={busy}>
            Load the demo organisation again
          </Button>
        ) : (
          <>
            <Button onClick={() => void discover('active-directory')} disabled={busy}>
              Search Active Directory
            </Button>
            <Button onClick={() => void discover('exchange-shell')} disabled={busy}>
              Ask the Exchange Management Shell
            </Button>
          </>
        )}
        <Field
          className={styles.field}
          label="Add servers by name"
          hint="Short name, full DNS name or IPv4 address; several separated by commas"
          validationState={problems.length > 0 ? 'error' : 'none'}
          validationMessage={problems.length > 0 ? problems.map(p => p.message).join(' ') : undefined}
        >
          <Input value={addText} onChange={(_, d) => setAddText(d.value)} onKeyDown={e => e.key === 'Enter' && void add()} />
        </Field>
        <Button onClick={() => void add()} disabled={busy || addText.trim() === ''}>
          Add
        </Button>
      </div>
      {notFound.length > 0 ? (
        <section aria-labelledby="not-found-heading">
          <Text as="h2" weight="semibold" id="not-found-heading">
            Not found (not added)
          </Text>
          <ul aria-label="Names not found in DNS">
            {notFound.map(p => (
              <li key={p.name}>
                <Text>{p.message}</Text>{' '}
                <Button size="small" appearance="subtle" onClick={() => setNotFound(list => list.filter(n => n.name !== p.name))} aria-label={`Dismiss ${p.name}`}>
                  Dismiss
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <JobProgress jobId={jobId} label="Discovery progress" />
      {discovered.length === 0 ? (
        <Text>No servers yet.</Text>
      ) : (
        <Table aria-label="Discovered servers" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Server</TableHeaderCell>
              <TableHeaderCell>Roles</TableHeaderCell>
              <TableHeaderCell>Version (as discovered)</TableHeaderCell>
              <TableHeaderCell>Found by</TableHeaderCell>
              <TableHeaderCell>
                <span className={styles.hidden}>Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {discovered.map(server => (
              <TableRow key={server.name}>
                <TableCell>
                  {server.fqdn ?? server.name}
                  {server.notes.length > 0 ? <div className={styles.notes}>{server.notes.join(' ')}</div> : null}
                </TableCell>
                <TableCell>{server.roles.join(', ') || 'unknown'}</TableCell>
                <TableCell>{discoveredVersionLabel(server.versionHint) ?? 'unknown'}</TableCell>
                <TableCell>{SOURCE_LABEL[server.source]}</TableCell>
                <TableCell>
                  <Button size="small" appearance="subtle" onClick={() => remove(server.name)} aria-label={`Remove ${server.name}`}>
                    Remove
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </StepFrame>
  );
}
