import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { AppErrorShape } from '../../../src-shared/domain/errors';

/**
 * An error shown where it happened: what went wrong and what to do. A
 * cancellation the admin asked for is not an error and is shown as such.
 */
export function ErrorNotice({ error, title }: { error: AppErrorShape; title?: string }) {
  if (error.code === 'cancelled') {
    return (
      <MessageBar intent="warning" role="status" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Cancelled</MessageBarTitle>
          Stopped at your request. Nothing half-done was kept as a result; start it again when you are ready.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title ?? 'Something went wrong'}</MessageBarTitle>
        {error.message}
        {error.fix ? <div>What to do: {error.fix}</div> : null}
      </MessageBarBody>
    </MessageBar>
  );
}
