import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { AppErrorShape } from '../../../src-shared/domain/errors';

/** An error shown where it happened: what went wrong and what to do. */
export function ErrorNotice({ error, title }: { error: AppErrorShape; title?: string }) {
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
