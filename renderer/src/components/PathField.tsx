import { Button, Field, Input, makeStyles } from '@fluentui/react-components';
import { FolderOpen20Regular } from '@fluentui/react-icons';
import { useRef, type ReactNode } from 'react';
import { choosePath } from '../store/paths';
import { useWizardStore, type ErrorPlace } from '../store/wizard-store';

const useStyles = makeStyles({
  hidden: { display: 'none' },
});

export interface PathFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  kind: 'file' | 'folder';
  /** Title of the native dialog ("Choose the collector's ZIP file"). */
  dialogTitle: string;
  /** File extensions without the dot, for the dialog's filter and the file input's `accept`. */
  extensions?: string[];
  /** Where a dialog failure is shown. */
  place: ErrorPlace;
  /** What is wrong with the value, shown under the field. */
  validationMessage?: string | null;
  hint?: ReactNode;
  /**
   * Browser mode, where the flow can use the file's content (a report to compare): the picked
   * file is handed over instead of a path. Without it, browser mode says where to put the file.
   */
  onFile?(file: File): void;
  className?: string;
}

/**
 * A path with its Browse button, the one way the wizard asks for a file or folder. In Electron
 * Browse opens the engine's native dialog (`choosePath`): the engine then accepts that path, and
 * the page never names a path the admin did not choose. Browser mode has no native dialog: a file
 * input where the file's content is enough, else the words saying to put the file into the
 * wizard's data folder and type its path.
 */
export function PathField({ label, value, onChange, kind, dialogTitle, extensions, place, validationMessage, hint, onFile, className }: PathFieldProps) {
  const styles = useStyles();
  const electron = useWizardStore(s => s.appInfo?.mode === 'electron');
  const dataDirectory = useWizardStore(s => s.appInfo?.dataDirectory ?? null);
  const fileInput = useRef<HTMLInputElement>(null);
  const canPickContent = !electron && onFile !== undefined && kind === 'file';
  const browserHint = !electron && !canPickContent && dataDirectory ? `This browser window cannot open a file dialog: put the ${kind} into ${dataDirectory} and type its full path.` : null;

  const browse = async () => {
    if (canPickContent) {
      fileInput.current?.click();
      return;
    }
    const chosen = await choosePath(place, { kind, title: dialogTitle, ...(extensions ? { extensions } : {}) });
    if (chosen !== null) onChange(chosen);
  };

  return (
    <>
      <Field
        className={className}
        label={label}
        validationState={validationMessage ? 'error' : 'none'}
        validationMessage={validationMessage ?? undefined}
        hint={
          hint || browserHint ? (
            <>
              {hint}
              {hint && browserHint ? ' ' : null}
              {browserHint}
            </>
          ) : undefined
        }
      >
        <Input
          value={value}
          onChange={(_, d) => onChange(d.value)}
          contentAfter={
            electron || canPickContent ? (
              <Button appearance="transparent" size="small" icon={<FolderOpen20Regular />} onClick={() => void browse()} aria-label={`Browse for: ${label}`}>
                Browse…
              </Button>
            ) : undefined
          }
        />
      </Field>
      {canPickContent ? (
        <input
          ref={fileInput}
          type="file"
          className={styles.hidden}
          tabIndex={-1}
          aria-hidden
          accept={extensions?.map(e => `.${e}`).join(',')}
          onChange={event => {
            const file = event.target.files?.[0];
            if (file) {
              onChange(file.name);
              onFile?.(file);
            }
            event.target.value = '';
          }}
        />
      ) : null}
    </>
  );
}
