import { makeStyles, tokens } from '@fluentui/react-components';
import type { Evidence } from '../../../src-shared/analysis/types';

const useStyles = makeStyles({
  table: { borderCollapse: 'collapse', width: '100%' },
  th: {
    textAlign: 'left',
    verticalAlign: 'top',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalXS} 0`,
    fontWeight: tokens.fontWeightSemibold,
    width: '32%',
  },
  td: { verticalAlign: 'top', padding: tokens.spacingVerticalXS, wordBreak: 'break-word' },
});

/** The evidence behind a finding or verdict, label by value. */
export function EvidenceTable({ evidence, caption }: { evidence: Evidence[]; caption: string }) {
  const styles = useStyles();
  return (
    <table className={styles.table}>
      <caption style={{ position: 'absolute', left: '-10000px' }}>{caption}</caption>
      <tbody>
        {evidence.map((e, i) => (
          <tr key={`${e.label}-${i}`}>
            <th scope="row" className={styles.th}>
              {e.label}
            </th>
            <td className={styles.td}>{e.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
