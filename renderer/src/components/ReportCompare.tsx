import { Button, Field, Input, MessageBar, MessageBarBody, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { MAX_REPORT_TEXT } from '../../../src-shared/ipc/contract';
import type { ServerComparison } from '../../../src-shared/report/compare';
import { compareSavedReports, type ReportSource } from '../store/report';
import { useWizardStore } from '../store/wizard-store';
import { SeverityBadge } from './SeverityBadge';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '280px' },
  hidden: { display: 'none' },
  change: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  // Clear of the sticky app bar when scrolled to.
  // The findings hold the long lists; the other columns hold a word or two.
  narrow: { width: '10%' },
  medium: { width: '17%' },
  wide: { width: '42%' },
  result: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, scrollMarginTop: '64px', outline: 'none' },
});

type Source = ReportSource;

/** One saved report to compare: a typed full path, or a file picked with the file dialog (read here, sent as text). */
function ReportPicker({ label, value, onChange }: { label: string; value: Source | null; onChange: (s: Source | null) => void }) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_REPORT_TEXT) {
      setProblem(`${file.name} is too big to send this way: type its full path instead.`);
      return;
    }
    setProblem(null);
    onChange({ text: await file.text(), name: file.name });
  };
  const path = value && 'path' in value ? value.path : '';
  return (
    <div className={styles.row}>
      <Field className={styles.grow} label={label} validationMessage={problem ?? undefined} hint={value && 'name' in value ? `Chosen: ${value.name}` : undefined}>
        <Input value={path} placeholder="Full path of a JSON report" onChange={(_, d) => onChange(d.value.trim() ? { path: d.value.trim() } : null)} />
      </Field>
      <input ref={input} className={styles.hidden} type="file" accept=".json,application/json" aria-label={`${label}: choose a file`} onChange={e => void pick(e.target.files?.[0])} />
      <Button onClick={() => input.current?.click()}>Choose file…</Button>
    </div>
  );
}

function Change({ before, after }: { before: string | null; after: string | null }) {
  const styles = useStyles();
  if (before === after) return <Text>{after ?? 'unknown'}</Text>;
  return (
    <span className={styles.change}>
      <Text>{before ?? 'unknown'}</Text>
      <Text aria-label="changed to">→</Text>
      <Text weight="semibold">{after ?? 'unknown'}</Text>
    </span>
  );
}

function Findings({ server }: { server: ServerComparison }) {
  const styles = useStyles();
  if (server.resolved.length === 0 && server.appeared.length === 0) return <Text>No change</Text>;
  return (
    <div>
      {server.resolved.length > 0 ? (
        <div className={styles.change}>
          <Text aria-hidden>✓</Text>
          <Text>
            {server.resolved.length} resolved: {server.resolved.map(f => f.title).join('; ')}
          </Text>
        </div>
      ) : null}
      {server.appeared.length > 0 ? (
        <div className={styles.change}>
          <Text aria-hidden>!</Text>
          <Text>
            {server.appeared.length} new: {server.appeared.map(f => f.title).join('; ')}
          </Text>
        </div>
      ) : null}
    </div>
  );
}

/** Before and after the upgrade: two saved JSON reports compared server by server (build, EEMS, severity, findings). */
export function ReportCompare() {
  const styles = useStyles();
  const [before, setBefore] = useState<Source | null>(null);
  const [after, setAfter] = useState<Source | null>(null);
  const comparison = useWizardStore(s => s.report.comparison);
  const result = useRef<HTMLDivElement>(null);
  // Answer first: a new comparison is brought into view and focused, so it is not left below the fold.
  useEffect(() => {
    if (!comparison) return;
    result.current?.scrollIntoView({ block: 'start' });
    result.current?.focus({ preventScroll: true });
  }, [comparison]);

  const compare = async () => {
    if (before && after) await compareSavedReports(before, after);
  };

  return (
    <section className={styles.wrap} aria-labelledby="compare-h">
      <Title3 as="h2" id="compare-h">
        Compare two saved reports
      </Title3>
      <ReportPicker label="Before (the older report)" value={before} onChange={setBefore} />
      <ReportPicker label="After (the newer report)" value={after} onChange={setAfter} />
      <div>
        <Button appearance="primary" disabled={!before || !after} onClick={() => void compare()}>
          Compare
        </Button>
      </div>
      {comparison ? (
        <div ref={result} className={styles.result} tabIndex={-1} role="group" aria-labelledby="compare-result-h">
          <Title3 as="h3" id="compare-result-h">
            What changed between the two reports
          </Title3>
          {comparison.warnings.map(w => (
            <MessageBar key={w} intent="warning">
              <MessageBarBody>{w}</MessageBarBody>
            </MessageBar>
          ))}
          <Text>
            Servers blocked by a certificate cut-off: {comparison.blockedBefore} before, {comparison.blockedAfter} after.
          </Text>
          <Table aria-label="What changed per server" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.narrow}>Server</TableHeaderCell>
                <TableHeaderCell className={styles.medium}>Build</TableHeaderCell>
                <TableHeaderCell className={styles.medium}>Emergency Mitigation Service</TableHeaderCell>
                <TableHeaderCell className={styles.narrow}>Status</TableHeaderCell>
                <TableHeaderCell className={styles.wide}>Findings</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {comparison.servers.map(s => (
                <TableRow key={s.server}>
                  <TableCell>{s.server}</TableCell>
                  {s.presence === 'both' ? (
                    <>
                      <TableCell>
                        <Change before={s.before?.build ?? null} after={s.after?.build ?? null} />
                      </TableCell>
                      <TableCell>
                        <Change before={s.before?.verdictText ?? null} after={s.after?.verdictText ?? null} />
                      </TableCell>
                      <TableCell>
                        {s.before && s.after && s.before.severity !== s.after.severity ? (
                          <span className={styles.change}>
                            <SeverityBadge severity={s.before.severity} />
                            <Text aria-label="changed to">→</Text>
                            <SeverityBadge severity={s.after.severity} />
                          </span>
                        ) : s.after ? (
                          <SeverityBadge severity={s.after.severity} />
                        ) : null}
                      </TableCell>
                      <TableCell>
                        <Findings server={s} />
                      </TableCell>
                    </>
                  ) : (
                    <TableCell colSpan={4}>Only in the {s.presence === 'added' ? 'newer' : 'older'} report.</TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ) : null}
    </section>
  );
}
