import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Finding } from '../../../src-shared/analysis/types';
import type { ErrorPlace } from '../store/wizard-store';
import { EvidenceTable } from './EvidenceTable';
import { ExternalLink } from './ExternalLink';
import { SeverityBadge } from './SeverityBadge';

const useStyles = makeStyles({
  header: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalM },
  links: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

/** Findings worst first; each opens to its evidence, why it matters, what to do and links. */
export function FindingList({ findings, place }: { findings: Finding[]; place: ErrorPlace }) {
  const styles = useStyles();
  return (
    <Accordion multiple collapsible>
      {findings.map(f => (
        <AccordionItem key={f.id} value={f.id}>
          <AccordionHeader>
            <span className={styles.header}>
              <SeverityBadge severity={f.severity} />
              <span>{f.title}</span>
            </span>
          </AccordionHeader>
          <AccordionPanel>
            <div className={styles.panel}>
              <EvidenceTable evidence={f.evidence} caption={`Evidence: ${f.title}`} />
              <Text>
                <strong>Why it matters: </strong>
                {f.why}
              </Text>
              <Text>
                <strong>What to do: </strong>
                {f.action}
              </Text>
              {f.links.length > 0 ? (
                <div className={styles.links}>
                  {f.links.map(link => (
                    <ExternalLink key={link.url} link={link} place={place} />
                  ))}
                </div>
              ) : null}
            </div>
          </AccordionPanel>
        </AccordionItem>
      ))}
    </Accordion>
  );
}
