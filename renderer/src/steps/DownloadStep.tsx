import { Text } from '@fluentui/react-components';
import { StepFrame } from '../components/StepFrame';

/** Download step: filled in as its engine service lands. */
export function DownloadStep() {
  return (
    <StepFrame step="download" intro="This step is being built.">
      <Text>Not available in this build yet.</Text>
    </StepFrame>
  );
}
