import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Card, Subtitle1, Subtitle2, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { explainModel, type ExplainServer } from '../../../src-shared/wizard/explain-model';
import { BuildTimeline } from '../components/BuildTimeline';
import { CostSummary } from '../components/CostSummary';
import { EvidenceTable } from '../components/EvidenceTable';
import { ExternalLink } from '../components/ExternalLink';
import { StatusIcon } from '../components/StatusIcon';
import { StaleScanNotice } from '../components/StaleScanNotice';
import { StepFrame } from '../components/StepFrame';
import { todayIso } from '../store/today';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  answer: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalL },
  answerTitle: { margin: 0 },
  cutoffs: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  groupTitle: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** Explain: the organisation's answer first, the build timeline, then the servers grouped by status. */
export function ExplainStep() {
  const styles = useStyles();
  const report = useWizardStore(s => s.session?.scan ?? null);
  const model = useMemo(() => (report ? explainModel(report, todayIso()) : null), [report]);
  if (!model) return null;
  const { answer } = model;
  return (
    <StepFrame step="explain" intro="Whether the certificate changes cut your servers off from Microsoft's emergency mitigations, and what fixes it." nextLabel="See the plan">
      <StaleScanNotice />
      <Card className={styles.answer} aria-labelledby="explain-answer">
        <Title2 as="h2" id="explain-answer" className={styles.answerTitle}>
          {answer.headline}
        </Title2>
        {answer.cutoffs.length > 0 ? (
          <ul className={styles.cutoffs} aria-label="Cut-offs that hit your servers">
            {answer.cutoffs.map(c => (
              <li key={c.ruleId}>
                <Text weight="semibold">{c.headline}</Text>
                <Text> — {c.serversText}</Text>
              </li>
            ))}
          </ul>
        ) : null}
        {answer.fix ? <Text>{answer.fix}</Text> : null}
        {answer.unknown ? <Text className={styles.muted}>{answer.unknown}</Text> : null}
      </Card>
      <CostSummary />
      <section aria-labelledby="explain-timeline" className={styles.group}>
        <Subtitle1 as="h2" id="explain-timeline">
          Your builds against the cut-offs
        </Subtitle1>
        <BuildTimeline model={model.timeline} />
      </section>
      <Text className={styles.muted}>
        The Emergency Mitigation Service (EEMS) fetches Microsoft's emergency protections from the Office Config Service. When Microsoft changes that service's certificate, servers on older builds
        cannot use it any more, and only updating the server fixes that.
      </Text>
      {model.groups.map(group => (
        <section key={group.status} className={styles.group} aria-labelledby={`explain-group-${group.status}`}>
          <Subtitle1 as="h2" id={`explain-group-${group.status}`} className={styles.groupTitle}>
            <StatusIcon status={group.status} />
            {group.title} ({group.servers.length})
          </Subtitle1>
          {group.servers.map(server => (
            <ServerExplanation key={server.name} server={server} />
          ))}
        </section>
      ))}
    </StepFrame>
  );
}

function ServerExplanation({ server }: { server: ExplainServer }) {
  const styles = useStyles();
  return (
    <Card aria-labelledby={`explain-${server.name}`}>
      <div className={styles.body}>
        <Subtitle2 as="h3" id={`explain-${server.name}`}>
          {server.name}: {server.build}
        </Subtitle2>
        <Text className={styles.muted}>
          {server.headline}
          {server.released ? ` · build from ${server.released}` : ''}
        </Text>
        <Text>{server.explanation}</Text>
        {server.whyUpdatingFixes ? (
          <Text>
            <strong>Why updating fixes it: </strong>
            {server.whyUpdatingFixes}
          </Text>
        ) : null}
        {server.fix ? (
          <Text>
            <strong>The fix: </strong>
            {server.fix}
          </Text>
        ) : null}
        {server.evidence.length > 0 || server.links.length > 0 ? (
          <Accordion collapsible>
            <AccordionItem value="evidence">
              <AccordionHeader>Show evidence for {server.name}</AccordionHeader>
              <AccordionPanel>
                <div className={styles.body}>
                  {server.evidence.length > 0 ? <EvidenceTable evidence={server.evidence} caption={`Evidence for ${server.name}`} /> : null}
                  {server.links.map(link => (
                    <ExternalLink key={link.url} link={link} place="explain" />
                  ))}
                </div>
              </AccordionPanel>
            </AccordionItem>
          </Accordion>
        ) : null}
      </div>
    </Card>
  );
}
