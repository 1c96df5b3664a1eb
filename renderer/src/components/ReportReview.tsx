import { Button, Card, CardHeader, MessageBar, MessageBarBody, Subtitle1, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import type { ReportDocument } from '../../../src-shared/report/schema';
import { buildLabel } from '../../../src-shared/wizard/server-labels';
import { EvidenceTable } from './EvidenceTable';
import { FindingList } from './FindingList';
import { SeverityBadge, VerdictBadge } from './SeverityBadge';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: tokens.spacingVerticalL },
  header: { display: 'flex', justifyContent: 'space-between', alignItems: 'center' },
  items: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

/**
 * A saved report shown read-only, for review on another machine: nothing here
 * calls the engine or changes the session.
 */
export function ReportReview({ report, onClose }: { report: ReportDocument; onClose: () => void }) {
  const styles = useStyles();
  return (
    <section className={styles.wrap} aria-label="Saved report (read-only)">
      <div className={styles.header}>
        <Title3 as="h2">Saved report (read-only)</Title3>
        <Button onClick={onClose}>Close the report</Button>
      </div>
      <MessageBar intent="info">
        <MessageBarBody>
          Generated {report.generatedAt} by {report.generator.name} {report.generator.version} from a scan of {report.scan.generatedAt}
          {report.redacted ? '; names and addresses are redacted' : ''}.
        </MessageBarBody>
      </MessageBar>
      <Text>{report.summary.headline}</Text>
      {report.servers.map(server => (
        <Card key={server.anchor}>
          <CardHeader header={<Subtitle1 as="h3">{server.name}</Subtitle1>} description={<Text>{buildLabel(server)}</Text>} action={<SeverityBadge severity={server.severity} />} />
          {server.eems ? (
            <>
              <VerdictBadge verdict={server.eems.verdict} cutoff={server.eems.cutoff} />
              <Text>{server.eems.explanation}</Text>
              <EvidenceTable evidence={server.eems.evidence} caption={`EEMS evidence for ${server.name}`} />
            </>
          ) : null}
          {server.actionItems.length > 0 ? (
            <ol className={styles.items} aria-label={`Action items for ${server.name}`}>
              {server.actionItems.map(item => (
                <li key={item.stepId}>
                  <Text>
                    {item.title} — <strong>{item.status}</strong>
                  </Text>
                </li>
              ))}
            </ol>
          ) : null}
          <FindingList findings={server.findings} place="report" />
        </Card>
      ))}
    </section>
  );
}
