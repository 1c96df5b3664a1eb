import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Card, Subtitle1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { costSummary, hoursText, newServersSentence, tickedSteps, type CostSummary as CostSummaryData } from '../../../src-shared/wizard/cost-summary';
import { plural } from '../../../src-shared/wizard/words';
import { todayIso } from '../store/today';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingHorizontalL },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  table: { borderCollapse: 'collapse', '& th, & td': { textAlign: 'left', padding: `2px ${tokens.spacingHorizontalS}`, verticalAlign: 'top' } },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** "Exchange SE for 3 servers (EX01, EX03, new server replacing EX02)". */
function licenceText(cost: CostSummaryData): string {
  const byProduct = new Map<string, string[]>();
  for (const l of cost.licences) byProduct.set(l.product, [...(byProduct.get(l.product) ?? []), l.server]);
  return [...byProduct].map(([product, servers]) => `${product} for ${plural(servers.length, 'server')} (${servers.join(', ')})`).join('; ');
}

/** The cost of the plan from the session (the whole plan less what is ticked off). */
export function useCostSummary(): CostSummaryData | null {
  const scan = useWizardStore(s => s.session?.scan ?? null);
  const checklist = useWizardStore(s => s.session?.checklist ?? null);
  return useMemo(() => (scan ? costSummary(scan, todayIso(), tickedSteps(checklist ?? {})) : null), [scan, checklist]);
}

/**
 * What the plan costs, in the words of the report's decision page and from the same function
 * (`costSummary`): new servers, licences, maintenance windows with hours and who loses mail,
 * Active Directory work and the risk of doing nothing. Explain, Plan and Upgrade show it.
 */
export function CostSummary({ cost: given, headingLevel = 'h2' }: { cost?: CostSummaryData; headingLevel?: 'h2' | 'h3' }) {
  const styles = useStyles();
  const fromSession = useCostSummary();
  const cost = given ?? fromSession;
  if (!cost) return null;
  const newServers = newServersSentence(cost);
  return (
    <Card className={styles.card} aria-labelledby="cost-summary" data-testid="cost-summary">
      <Subtitle1 as={headingLevel} id="cost-summary">
        What it costs
      </Subtitle1>
      <ul className={styles.list} aria-label="What it costs">
        <li>
          <Text>
            <strong>New servers: </strong>
            <span data-testid="cost-new-servers">{newServers ?? 'none — every server is updated in place.'}</span>
          </Text>
        </li>
        {cost.licences.length > 0 ? (
          <li>
            <Text>
              <strong>Licences when done: </strong>
              {licenceText(cost)}. Exchange SE is licensed by subscription or with Software Assurance, plus client access licences for its users; SE RTM accepts Exchange 2019 product keys, and a
              server without one (Set-ExchangeServer -ProductKey) runs as a 180-day trial.
            </Text>
          </li>
        ) : null}
        {cost.cloudAlternative ? (
          <li>
            <Text>
              <strong>Or Exchange Online: </strong>
              <span data-testid="cost-cloud-alternative">{cost.cloudAlternative}</span>
            </Text>
          </li>
        ) : null}
        <li>
          <Text>
            <strong>Maintenance windows: </strong>
            {cost.windows.length === 0
              ? 'none left.'
              : `${plural(cost.windows.length, 'window')}, one server at a time, ${hoursText(cost.totalHours)} in all (rough figures for booking, not promises).`}
          </Text>
        </li>
        {cost.adWork ? (
          <li>
            <Text>
              <strong>Active Directory: </strong>
              {cost.adWork}
            </Text>
          </li>
        ) : null}
        {cost.doNothing.length > 0 ? (
          <li>
            <Text>
              <strong>If you do nothing: </strong>
              {cost.doNothing.join(' ')}
            </Text>
          </li>
        ) : null}
      </ul>
      {cost.windows.length > 0 ? (
        <Accordion collapsible>
          <AccordionItem value="windows">
            <AccordionHeader>Hours and who loses mail, per window</AccordionHeader>
            <AccordionPanel>
              <table className={styles.table} aria-label="Maintenance windows: hours and who loses mail">
                <thead>
                  <tr>
                    <th scope="col">Server</th>
                    <th scope="col">Hours</th>
                    <th scope="col">Who loses mail</th>
                  </tr>
                </thead>
                <tbody>
                  {cost.windows.map(w => (
                    <tr key={w.server}>
                      <th scope="row">{w.server}</th>
                      <td>{hoursText(w.hours)}</td>
                      <td>{w.mailImpact}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      ) : null}
    </Card>
  );
}
