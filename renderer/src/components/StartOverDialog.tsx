import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type RefObject } from 'react';
import { startOverLosses } from '../../../src-shared/wizard/start-over';
import { useWizardStore } from '../store/wizard-store';
import { useReturnFocus } from './useReturnFocus';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalS} 0`, paddingLeft: tokens.spacingHorizontalXL },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/**
 * Confirms "Start over": lists what the new session will not show, offers to export the report
 * first, and says that the old session is archived, not deleted.
 */
export function StartOverDialog({ open, onClose, returnFocusTo }: { open: boolean; onClose: () => void; returnFocusTo?: RefObject<HTMLElement | null> }) {
  const styles = useStyles();
  const session = useWizardStore(s => s.session);
  const startOver = useWizardStore(s => s.startOver);
  const goTo = useWizardStore(s => s.goTo);
  const [busy, setBusy] = useState(false);
  useReturnFocus(open, returnFocusTo);
  if (!session) return null;
  const losses = startOverLosses(session);
  const canReport = session.scan !== null;
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && onClose()} modalType="alert">
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Start over with a new session?</DialogTitle>
          <DialogContent className={styles.body}>
            {losses.length > 0 ? (
              <>
                <Text>The new session starts at Welcome and will not show:</Text>
                <ul className={styles.list} aria-label="What the new session will not show">
                  {losses.map(line => (
                    <li key={line}>
                      <Text>{line}</Text>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <Text>Nothing has been done in this session yet.</Text>
            )}
            <Text>Nothing is deleted: this session is archived in the data folder, and downloaded files stay where they are.</Text>
          </DialogContent>
          <DialogActions>
            {canReport ? (
              <Button
                onClick={() => {
                  onClose();
                  void goTo('report');
                }}
              >
                Export the report first
              </Button>
            ) : null}
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                await startOver();
                setBusy(false);
                onClose();
              }}
            >
              Start over
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
