import { Text } from '@fluentui/react-components';
import { StepFrame } from '../components/StepFrame';

/** Plan step: filled in as its engine service lands. */
export function PlanStep() {
  return (
    <StepFrame step="plan" intro="This step is being built.">
      <Text>Not available in this build yet.</Text>
    </StepFrame>
  );
}
