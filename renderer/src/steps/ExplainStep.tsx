import { Card, CardHeader, Subtitle1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { whyUpdatingFixes } from '../../../src-shared/analysis/eems-verdict';
import { buildLabel } from '../../../src-shared/wizard/server-labels';
import { EvidenceTable } from '../components/EvidenceTable';
import { ExternalLink } from '../components/ExternalLink';
import { VerdictBadge } from '../components/SeverityBadge';
import { StepFrame } from '../components/StepFrame';
import { useWizardStore } from '../store/wizard-store';
import { inWorstFirstOrder } from '../../../src-shared/assessment/worst-first';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  background: { color: tokens.colorNeutralForeground2 },
});

/** Explain: per server, in plain words, whether the certificate changes hit it, why, and the fix. */
export function ExplainStep() {
  const styles = useStyles();
  const report = useWizardStore(s => s.session?.scan ?? null);
  if (!report) return null;
  const servers = inWorstFirstOrder(report.servers, report.summary.worstFirst);
  return (
    <StepFrame step="explain" intro="What the certificate changes mean for each of your servers." nextLabel="See the plan">
      <Text className={styles.background}>
        The Emergency Mitigation Service (EEMS) downloads Microsoft's emergency protections from the Office Config Service. Two certificate changes cut older
        servers off: since 2025, builds released before March 2023 cannot connect at all; since July 2026, builds older than the June 2026 update cannot use new
        mitigations. Only updating the server fixes either.
      </Text>
      <div className={styles.list}>
        {servers.map(server => {
          const v = server.eems;
          const why = v ? whyUpdatingFixes(v) : null;
          return (
            <Card key={server.name}>
              <CardHeader header={<Subtitle1 as="h2">{server.name}</Subtitle1>} description={<Text>{buildLabel(server)}</Text>} action={v ? <VerdictBadge verdict={v.verdict} cutoff={v.cutoff} /> : undefined} />
              {v ? (
                <div className={styles.body}>
                  <Text>
                    <strong>What is going on: </strong>
                    {v.explanation}
                  </Text>
                  {v.evidence.length > 0 ? <EvidenceTable evidence={v.evidence} caption={`Evidence for ${server.name}`} /> : null}
                  {why ? (
                    <Text>
                      <strong>Why updating fixes it: </strong>
                      {why}
                    </Text>
                  ) : null}
                  <Text>
                    <strong>The fix: </strong>
                    {v.fix}
                  </Text>
                  {v.links.map(link => (
                    <ExternalLink key={link.url} link={link} place="explain" />
                  ))}
                </div>
              ) : (
                <Text>{server.error?.message ?? 'No verdict for this server.'}</Text>
              )}
            </Card>
          );
        })}
      </div>
    </StepFrame>
  );
}
