import { Text } from '@fluentui/react-components';
import { StepFrame } from '../components/StepFrame';

/** Upgrade step: filled in as its engine service lands. */
export function UpgradeStep() {
  return (
    <StepFrame step="upgrade" intro="This step is being built.">
      <Text>Not available in this build yet.</Text>
    </StepFrame>
  );
}
