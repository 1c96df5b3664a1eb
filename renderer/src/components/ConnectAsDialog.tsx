import { Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { CONNECT_AS_TRANSPORT } from '../../../src-shared/domain/connect-as';
import { getApi } from '../api';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * "Connect as…" for a server Kerberos cannot reach (a workgroup Edge server): one of its own
 * administrator accounts, kept by the engine in memory only, then the server is scanned again.
 */
export function ConnectAsDialog({ server, onConnected }: { server: string; onConnected: () => void }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [useSsl, setUseSsl] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const close = () => {
    setOpen(false);
    setPassword('');
    setProblem(null);
  };
  const connect = async () => {
    const result = await getApi()
      .setServerCredential({ server, credential: { userName: userName.trim(), password, useSsl } })
      .catch(() => null);
    if (!result?.ok) {
      setProblem(result && !result.ok ? result.error.message : 'The wizard did not answer.');
      return;
    }
    close();
    onConnected();
  };
  return (
    <Dialog open={open} onOpenChange={(_, data) => (data.open ? setOpen(true) : close())}>
      <Button onClick={() => setOpen(true)}>Connect as…</Button>
      <DialogSurface aria-describedby="connect-as-help">
        <form
          onSubmit={event => {
            event.preventDefault();
            void connect();
          }}
        >
          <DialogBody>
            <DialogTitle>Connect to {server} as…</DialogTitle>
            <DialogContent className={styles.form}>
              <Text id="connect-as-help">
                An administrator account of {server} itself (for example {server.split('.')[0]}\Administrator). The wizard keeps it in memory only, until it closes; it is never saved or written to the
                log. It needs {CONNECT_AS_TRANSPORT}.
              </Text>
              <Field label="User name" required>
                <Input value={userName} onChange={(_, data) => setUserName(data.value)} autoComplete="username" />
              </Field>
              <Field label="Password" required validationMessage={problem ?? undefined}>
                <Input type="password" value={password} onChange={(_, data) => setPassword(data.value)} autoComplete="current-password" />
              </Field>
              <Checkbox checked={useSsl} onChange={(_, data) => setUseSsl(data.checked === true)} label="WinRM over HTTPS (port 5986)" />
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={close}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={userName.trim() === '' || password === ''}>
                Connect and scan again
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
