import { Text } from '@fluentui/react-components';
import { StepFrame } from '../components/StepFrame';

/** Discover step: filled in as its engine service lands. */
export function DiscoverStep() {
  return (
    <StepFrame step="discover" intro="This step is being built.">
      <Text>Not available in this build yet.</Text>
    </StepFrame>
  );
}
