import { Text } from '@fluentui/react-components';
import { StepFrame } from '../components/StepFrame';

/** Report step: filled in as its engine service lands. */
export function ReportStep() {
  return (
    <StepFrame step="report" intro="This step is being built.">
      <Text>Not available in this build yet.</Text>
    </StepFrame>
  );
}
