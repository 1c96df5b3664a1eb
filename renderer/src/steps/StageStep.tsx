import { Text } from '@fluentui/react-components';
import { StepFrame } from '../components/StepFrame';

/** Stage step: filled in as its engine service lands. */
export function StageStep() {
  return (
    <StepFrame step="stage" intro="This step is being built.">
      <Text>Not available in this build yet.</Text>
    </StepFrame>
  );
}
