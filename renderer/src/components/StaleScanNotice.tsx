import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { staleScanText } from '../../../src-shared/wizard/steps';
import { scanServers, useScanning } from '../store/scan';
import { useWizardStore } from '../store/wizard-store';

/**
 * Says the results are out of date once a server was added or removed after the scan, and offers
 * the re-scan (Health, Explain and Plan show it). Nothing when the scan covers the list.
 */
export function StaleScanNotice({ offerScan = true }: { offerScan?: boolean }) {
  const text = useWizardStore(s => (s.session ? staleScanText(s.session) : null));
  const scanning = useScanning();
  const step = useWizardStore(s => s.session?.currentStep ?? null);
  const goTo = useWizardStore(s => s.goTo);
  // The scan's progress shows on Health: go there first, then scan.
  const rescan = async () => {
    if (step !== 'health') await goTo('health');
    await scanServers();
  };
  if (!text) return null;
  return (
    <MessageBar intent="warning" data-testid="stale-scan">
      <MessageBarBody>
        <MessageBarTitle>Out of date</MessageBarTitle>
        {text}
      </MessageBarBody>
      {offerScan ? (
        <MessageBarActions>
          <Button onClick={() => void rescan()} disabled={scanning}>
            Scan again
          </Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
