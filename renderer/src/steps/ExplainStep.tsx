import { Text } from '@fluentui/react-components';
import { StepFrame } from '../components/StepFrame';

/** Explain step: filled in as its engine service lands. */
export function ExplainStep() {
  return (
    <StepFrame step="explain" intro="This step is being built.">
      <Text>Not available in this build yet.</Text>
    </StepFrame>
  );
}
