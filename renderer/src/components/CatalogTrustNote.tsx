import { MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { catalogTrustLabel } from '../../../src-shared/knowledge/catalog-trust';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  // A narrow window shortens the note rather than the page scrolling sideways; the whole text is its tooltip.
  note: { color: tokens.colorNeutralForeground3, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  unsigned: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  banner: { marginBottom: tokens.spacingVerticalM },
});

/** The header's word on the build catalog every verdict rests on: its date and who vouches for it. */
export function CatalogTrustNote() {
  const styles = useStyles();
  const trust = useWizardStore(s => s.appInfo?.catalogTrust ?? null);
  if (!trust) return null;
  const text = `Catalog ${trust.asOf}, ${catalogTrustLabel(trust)}`;
  return (
    <Text size={200} className={trust.trust === 'unsigned' ? styles.unsigned : styles.note} title={text} data-testid="catalog-trust">
      {text}
    </Text>
  );
}

/** Why a saved catalog was not used, or that the one in use is unsigned: said once, above the step. */
export function CatalogWarning() {
  const styles = useStyles();
  const trust = useWizardStore(s => s.appInfo?.catalogTrust ?? null);
  if (!trust?.warning) return null;
  return (
    <MessageBar intent="warning" layout="multiline" className={styles.banner}>
      <MessageBarBody>
        <MessageBarTitle>{trust.trust === 'unsigned' ? 'The build catalog is not signed' : 'The imported build catalog is not used'}</MessageBarTitle>
        {trust.warning}
      </MessageBarBody>
    </MessageBar>
  );
}
