import { MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { catalogTrustLabel } from '../../../src-shared/knowledge/catalog-trust';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  note: { color: tokens.colorNeutralForeground3 },
  unsigned: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  banner: { marginBottom: tokens.spacingVerticalM },
});

/** The header's word on the build catalog every verdict rests on: its date and who vouches for it. */
export function CatalogTrustNote() {
  const styles = useStyles();
  const trust = useWizardStore(s => s.appInfo?.catalogTrust ?? null);
  if (!trust) return null;
  return (
    <Text size={200} className={trust.trust === 'unsigned' ? styles.unsigned : styles.note} data-testid="catalog-trust">
      Catalog {trust.asOf}, {catalogTrustLabel(trust)}
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
