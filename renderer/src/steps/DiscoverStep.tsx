import {
  Button,
  Field,
  Input,
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
import { useState } from 'react';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import { splitHostList } from '../../../src-shared/domain/host-names';
import { getApi } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { JobProgress } from '../components/JobProgress';
import { StepFrame } from '../components/StepFrame';
import { discover, saveDiscovered, useDiscoveryStore } from '../store/discovery';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  notes: { color: tokens.colorNeutralForeground3 },
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

/** Discover: find the servers (demo, AD, Exchange shell, typed names), add or remove by hand. */
export function DiscoverStep() {
  const styles = useStyles();
  const session = useWizardStore(s => s.session);
  const { jobId, busy } = useDiscoveryStore();
  const [addText, setAddText] = useState('');
  const [addErrors, setAddErrors] = useState<string[]>([]);
  const discovered = session?.discovered ?? [];
  const mode = session?.organisation.mode ?? 'demo';

  const add = async () => {
    const names = splitHostList(addText);
    if (names.length === 0) return;
    const check = await getApi().validateHostNames({ names });
    if (!check.ok) return setAddErrors([check.error.message]);
    const invalid = check.value.results.filter(r => !r.valid);
    setAddErrors(invalid.map(r => `${r.input}: ${r.error}`));
    const valid = check.value.results.filter(r => r.valid).map(r => r.normalized as string);
    if (valid.length > 0) {
      await discover('manual', valid);
      setAddText('');
    }
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
        <Field label="Add servers by name" hint="Short name, full DNS name or IPv4 address; several separated by commas">
          <Input value={addText} onChange={(_, d) => setAddText(d.value)} onKeyDown={e => e.key === 'Enter' && void add()} />
        </Field>
        <Button onClick={() => void add()} disabled={busy || addText.trim() === ''}>
          Add
        </Button>
      </div>
      {addErrors.length > 0 ? (
        <ErrorNotice title="Some names were not added" error={{ code: 'invalid-input', message: addErrors.join(' · '), fix: 'Correct the names and add them again.' }} />
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
                <span style={{ position: 'absolute', left: '-10000px' }}>Actions</span>
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
                <TableCell>{server.versionHint ?? 'unknown'}</TableCell>
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
