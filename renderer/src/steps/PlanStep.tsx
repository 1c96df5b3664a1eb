import { Badge, Card, CardHeader, MessageBar, MessageBarBody, MessageBarTitle, Subtitle1, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import type { MigrationProject, PlanStep as PlanStepData, ServerPlan } from '../../../src-shared/knowledge/types';
import { adPreparationSwitches, isInstallStep, setupCommand } from '../../../src-shared/knowledge/step-kinds';
import { findingFixItems } from '../../../src-shared/wizard/fix-items';
import { migrationSection } from '../../../src-shared/wizard/migration-checklist';
import { maintenanceWindows, upgradePath } from '../../../src-shared/wizard/upgrade-path';
import { UpgradePathDiagram } from './UpgradePathDiagram';
import { CopyBlock } from '../components/CopyBlock';
import { CostSummary } from '../components/CostSummary';
import { ExtendedProtectionChoiceField } from '../components/ExtendedProtectionChoiceField';
import { setupTurningOnExtendedProtection } from '../../../src-shared/wizard/extended-protection-choice';
import { StaleScanNotice } from '../components/StaleScanNotice';
import { StepFrame } from '../components/StepFrame';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  // A pill never gets narrower than its words (the card header shrinks its action first).
  badge: { flexShrink: 0, minWidth: 'max-content' },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  prereqs: { margin: `${tokens.spacingVerticalXS} 0 0 0`, paddingLeft: tokens.spacingHorizontalL },
  muted: { color: tokens.colorNeutralForeground3 },
  notes: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

function metLabel(met: boolean | null): string {
  return met === true ? 'met' : met === false ? 'NOT met' : 'not checked';
}

/** Plan: AD preparation once, the order of servers, and each server's target and steps. */
export function PlanStep() {
  const styles = useStyles();
  const report = useWizardStore(s => s.session?.scan ?? null);
  const hasEsu = useWizardStore(s => s.session?.organisation.hasEsu ?? false);
  const plan = report?.plan ?? null;
  const plans = new Map((report?.servers.map(s => s.plan).filter((p): p is ServerPlan => p !== null) ?? []).map(p => [p.serverName, p]));
  const order = plan?.order ?? [...plans.keys()];
  const scanned = new Map((report?.servers ?? []).map(s => [s.name, s]));
  const windows = plan ? maintenanceWindows({ ...plan, servers: [...plans.values()] }, name => scanned.get(name)?.facts?.maintenance?.dagName ?? null) : [];
  const blockers = order.flatMap(name => {
    const seen = new Set<string>();
    return (plans.get(name)?.steps ?? []).flatMap(st => st.prerequisites.filter(p => p.met === false && !seen.has(p.id) && seen.add(p.id)).map(p => ({ server: name, p })));
  });
  return (
    <StepFrame
      step="plan"
      intro={`The update path for each server${hasEsu ? ' (your organisation has Extended Security Updates)' : ' (without Extended Security Updates: only public updates)'}, and the order to follow.`}
      nextLabel="Get the files"
    >
      <StaleScanNotice />
      <CostSummary />
      {plan ? (
        <Card>
          <CardHeader header={<Subtitle1 as="h2">Active Directory preparation</Subtitle1>} />
          <Text>{plan.adPreparation.why}</Text>
          {plan.adPreparation.needed && adPreparationSwitches(plan.adPreparation).length > 0 ? (
            <CopyBlock
              lines={adPreparationSwitches(plan.adPreparation).map(sw => setupCommand([sw]))}
              label="Active Directory preparation commands"
              runsOn={{ kind: 'schema-master-site', elevated: true }}
            />
          ) : null}
          <Notes notes={plan.notes} />
        </Card>
      ) : null}
      {blockers.length > 0 ? (
        <section aria-label="Fix before you start" className={styles.list}>
          <Title3 as="h2">Fix before you start</Title3>
          {blockers.map(({ server, p }) => (
            <MessageBar key={`${server}-${p.id}`} intent="error">
              <MessageBarBody>
                <MessageBarTitle>
                  {server}: {p.title}
                </MessageBarTitle>
                {p.detail} The update of {server} waits until a re-scan shows it fixed.
              </MessageBarBody>
            </MessageBar>
          ))}
        </section>
      ) : null}
      {(plan?.migrations ?? []).map(project => (
        <MigrationCard key={project.id} project={project} />
      ))}
      <Title3 as="h2">Order</Title3>
      <ol className={styles.steps} aria-label="Order of servers">
        {order.map(name => (
          <li key={name}>
            <Text>{name}</Text>
          </li>
        ))}
      </ol>
      <Title3 as="h2">Maintenance windows, in order</Title3>
      <ol className={styles.steps} aria-label="Maintenance windows in order">
        {(windows.length > 0 ? windows : order.map((name, i) => ({ number: i + 1, servers: [name], why: '' }))).map(w => (
          <li key={w.number}>
            <Text weight="semibold">{w.servers.join(', ')}</Text>
            {w.why ? <Text className={styles.muted}> — {w.why}</Text> : null}
          </li>
        ))}
      </ol>
      <div className={styles.list}>
        {order.map(name => {
          const p = plans.get(name);
          if (!p) return null;
          const server = scanned.get(name);
          // Fix items show when there is nothing to install: with an install, the runbook's fix-first items already lead.
          const fixes = server && !p.steps.some(isInstallStep) ? findingFixItems(server) : [];
          return (
            <Card key={name}>
              <CardHeader
                header={<Subtitle1 as="h2">{name}</Subtitle1>}
                description={<Text>{p.target ? `Target: ${p.target.product} ${p.target.cu}${p.target.update ? ` ${p.target.update}` : ''} (${p.target.build})` : 'No target'}</Text>}
                action={
                  fixes.length > 0 ? (
                    <Badge color="danger" className={styles.badge}>
                      Fix first: {fixes.length === 1 ? '1 problem' : `${fixes.length} problems`}
                    </Badge>
                  ) : p.migration && p.ownBuildFixesEems === false ? (
                    <Badge color="danger" className={styles.badge}>
                      EEMS cut off until migrated
                    </Badge>
                  ) : p.fixesEems ? (
                    <Badge color="success" className={styles.badge}>
                      Fixes EEMS
                    </Badge>
                  ) : (
                    <Badge color="warning" className={styles.badge}>
                      EEMS stays limited
                    </Badge>
                  )
                }
              />
              <UpgradePathDiagram server={name} stops={upgradePath(p, { product: scanned.get(name)?.product ?? null, cu: scanned.get(name)?.cu ?? null })} />
              <Text>{p.summary}</Text>
              {fixes.length === 0 && p.steps.length > 0 ? (
                <ol className={styles.steps} aria-label={`Steps for ${name}`}>
                  {p.steps.map(step => (
                    <PlanStepItem key={step.id} step={step} server={step === setupTurningOnExtendedProtection(p.steps) ? name : null} />
                  ))}
                </ol>
              ) : fixes.length > 0 ? (
                <>
                  <Text>Nothing to install, but {name} is not safe yet: fix these, then re-scan (the Upgrade step has a section for it).</Text>
                  <ul className={styles.prereqs} aria-label={`Fix first on ${name}`}>
                    {fixes.map(f => (
                      <li key={f.id}>
                        <Text>{f.title}</Text>
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <Text className={styles.muted}>Nothing to install.</Text>
              )}
              <Notes notes={p.notes} />
            </Card>
          );
        })}
      </div>
    </StepFrame>
  );
}

/** A migration as a project of its own: what it replaces, the new server, and its steps in order. */
function MigrationCard({ project }: { project: MigrationProject }) {
  const styles = useStyles();
  const section = migrationSection(project);
  const stops = upgradePath(
    { serverName: project.oldServers[0] ?? '', currentBuild: null, target: null, summary: '', steps: [], notes: [], fixesEems: true, migration: project.route },
    { product: project.fromProduct, cu: null },
  );
  return (
    <Card>
      <CardHeader
        header={<Subtitle1 as="h2">Migration project: {section.title}</Subtitle1>}
        description={<Text>{project.oldServers.join(', ')}</Text>}
        action={
          <Badge color="brand" className={styles.badge}>
            Project
          </Badge>
        }
      />
      <UpgradePathDiagram server={`the ${project.fromProduct} servers`} stops={stops} />
      <Text>{section.summary}</Text>
      <Text>{project.newServerCountWhy}</Text>
      <ol className={styles.steps} aria-label={`Steps of the migration from ${project.fromProduct}`}>
        {section.items
          .filter(i => i.kind !== 'reboot' && !i.id.startsWith('hash-') && !i.id.startsWith('confirm-'))
          .map(i => (
            <li key={i.id}>
              <Text>{i.title}</Text>
            </li>
          ))}
      </ol>
      <Notes notes={project.notes} />
    </Card>
  );
}

/** One step of a server's plan; `server` is set on the Setup that turns Extended Protection on, which carries the choice. */
function PlanStepItem({ step, server }: { step: PlanStepData; server: string | null }) {
  const styles = useStyles();
  return (
    <li>
      <Text weight="semibold">{step.title}</Text> {step.esuOnly ? <Badge color="important">ESU only</Badge> : null}
      <div>
        <Text className={styles.muted}>{step.why}</Text>
      </div>
      {step.prerequisites.length > 0 ? (
        <ul className={styles.prereqs} aria-label={`Prerequisites for ${step.title}`}>
          {step.prerequisites.map(pre => (
            <li key={pre.id}>
              <Text>
                {pre.title}: <strong>{metLabel(pre.met)}</strong>
                {pre.met !== true && pre.detail ? ` — ${pre.detail}` : ''}
              </Text>
            </li>
          ))}
        </ul>
      ) : null}
      {server ? <ExtendedProtectionChoiceField server={server} /> : null}
    </li>
  );
}

function Notes({ notes }: { notes: string[] }) {
  const styles = useStyles();
  if (notes.length === 0) return null;
  return (
    <ul className={styles.notes}>
      {notes.map(n => (
        <li key={n}>
          <Text>{n}</Text>
        </li>
      ))}
    </ul>
  );
}
