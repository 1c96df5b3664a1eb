import { Field, Radio, RadioGroup, Switch, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { OrganisationChoice } from '../../../src-shared/wizard/session';
import { typedNameProblems } from '../../../src-shared/wizard/typed-names';
import { StepFrame } from '../components/StepFrame';
import { chooseOrganisation } from '../store/organisation';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

/** Welcome: what the tool does, where the servers come from, ESU or not. */
export function WelcomeStep() {
  const styles = useStyles();
  const saved = useWizardStore(s => s.session?.organisation ?? null);
  const [mode, setMode] = useState<OrganisationChoice['mode']>(saved?.mode ?? 'demo');
  const [hasEsu, setHasEsu] = useState(saved?.hasEsu ?? false);
  const [names, setNames] = useState((saved?.serverNames ?? []).join('\n'));
  const [namesError, setNamesError] = useState<string | null>(null);

  const save = async (): Promise<boolean> => {
    const typed = typedNameProblems(names);
    const organisation: OrganisationChoice = { mode, hasEsu, serverNames: mode === 'servers' ? typed.names : [] };
    if (mode === 'servers' && (typed.problems.length > 0 || organisation.serverNames.length === 0)) {
      setNamesError(typed.problems.length > 0 ? typed.problems.map(p => p.message).join(' ') : 'Type at least one server name, or choose another source.');
      return false;
    }
    setNamesError(null);
    return chooseOrganisation(organisation);
  };

  return (
    <StepFrame
      step="welcome"
      nextLabel="Start"
      onNext={save}
      intro="Exchange servers on older builds can no longer receive emergency mitigations from Microsoft. This wizard finds yours, explains what each one needs, and guides you through the update."
    >
      <ul className={styles.list}>
        <li>
          <Text>Finds your Exchange servers and checks each one the way Microsoft's Health Checker does.</Text>
        </li>
        <li>
          <Text>Explains in plain words whether the certificate changes of March 2023 and June 2026 affect each server.</Text>
        </li>
        <li>
          <Text>Plans the right update, downloads and verifies it, copies it to the server and walks you through installing it.</Text>
        </li>
      </ul>
      <Text weight="semibold" role="note">
        This wizard reads; it never changes a server. You run every command yourself.
      </Text>
      <Text>
        <strong>What you need: </strong>an account that can reach the servers over PowerShell remoting (Exchange administrator), and time: about half an hour to scan and plan, then a maintenance
        window per server for the updates.
      </Text>
      <RadioGroup value={mode} onChange={(_, data) => setMode(data.value as OrganisationChoice['mode'])} aria-label="Where the servers come from">
        <Radio value="demo" label="Try it with the built-in demo organisation (no real servers are touched)" />
        <Radio value="domain" label="Find the Exchange servers of this domain (Active Directory)" />
        <Radio value="servers" label="Type the server names myself" />
      </RadioGroup>
      {mode === 'servers' ? (
        <Field label="Server names (one per line, or separated by commas)" validationState={namesError ? 'error' : 'none'} validationMessage={namesError ?? undefined}>
          <Textarea value={names} onChange={(_, data) => setNames(data.value)} resize="vertical" />
        </Field>
      ) : null}
      <Switch checked={hasEsu} onChange={(_, data) => setHasEsu(data.checked)} label="Our organisation has Extended Security Updates (ESU) for Exchange 2016/2019" aria-describedby="welcome-esu-why" />
      <Text id="welcome-esu-why" size={200}>
        ESU is a paid Microsoft programme that still ships security updates for Exchange 2016/2019 after their end of support; without it the plan uses only public updates. Not sure? Leave it off.
      </Text>
    </StepFrame>
  );
}
