import { Text } from '@fluentui/react-components';
import { StepFrame } from '../components/StepFrame';

/** Health step: filled in as its engine service lands. */
export function HealthStep() {
  return (
    <StepFrame step="health" intro="This step is being built.">
      <Text>Not available in this build yet.</Text>
    </StepFrame>
  );
}
