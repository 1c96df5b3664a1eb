import { Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, OverlayDrawer, makeStyles, tokens } from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useReturnFocus } from './useReturnFocus';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

/** The details of one item (a file's checks, a server's copies) beside the page, closed with Close or Escape; focus then returns to what opened it. */
export function DetailsDrawer({ title, onClose, children }: { title: string | null; onClose(): void; children: ReactNode }) {
  const styles = useStyles();
  useReturnFocus(title !== null);
  return (
    <OverlayDrawer position="end" size="medium" open={title !== null} onOpenChange={(_, d) => (d.open ? null : onClose())}>
      {title !== null ? (
        <>
          <DrawerHeader>
            <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={onClose} />}>{title}</DrawerHeaderTitle>
          </DrawerHeader>
          <DrawerBody className={styles.body}>{children}</DrawerBody>
        </>
      ) : null}
    </OverlayDrawer>
  );
}
