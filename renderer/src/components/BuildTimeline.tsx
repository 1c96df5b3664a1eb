import { makeStyles, tokens } from '@fluentui/react-components';
import { MARK_WORDS, type TimelineMark, type TimelineModel } from '../../../src-shared/wizard/explain-model';

const WIDTH = 960;
const HEIGHT = 150;
const PAD = 24;
const AXIS_Y = 112;

const useStyles = makeStyles({
  figure: { margin: 0, maxWidth: '100%' },
  svg: { width: '100%', height: 'auto', display: 'block', overflow: 'visible' },
  caption: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  legend: {
    listStyleType: 'none',
    padding: 0,
    margin: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalL}`,
    marginBottom: tokens.spacingVerticalXXS,
  },
  legendItem: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

const LEGEND: readonly TimelineMark[] = ['cut-off', 'at-risk', 'unknown', 'ok'];

/**
 * A server's mark: each kind has its own shape as well as its own colour (a cross, a triangle,
 * a hollow circle with a question mark, a filled circle), so colour is never the only difference.
 */
function Mark({ kind, cx, cy }: { kind: TimelineMark; cx: number; cy: number }) {
  const edge = tokens.colorNeutralBackground1;
  switch (kind) {
    case 'cut-off':
      return (
        <g>
          <rect x={cx - 7} y={cy - 7} width={14} height={14} fill={tokens.colorPaletteRedBackground3} stroke={edge} strokeWidth={1} />
          <path d={`M${cx - 4} ${cy - 4}L${cx + 4} ${cy + 4}M${cx + 4} ${cy - 4}L${cx - 4} ${cy + 4}`} stroke={tokens.colorNeutralForegroundOnBrand} strokeWidth={2} />
        </g>
      );
    case 'at-risk':
      return <path d={`M${cx} ${cy - 8}L${cx + 8} ${cy + 7}L${cx - 8} ${cy + 7}Z`} fill={tokens.colorPaletteDarkOrangeBackground3} stroke={edge} strokeWidth={1} />;
    case 'unknown':
      return (
        <g>
          <circle cx={cx} cy={cy} r={7} fill={tokens.colorNeutralBackground1} stroke={tokens.colorNeutralForeground2} strokeWidth={2} strokeDasharray="3 2" />
          <text x={cx} y={cy + 4} textAnchor="middle" fontSize={10} fontWeight={700} fill={tokens.colorNeutralForeground2}>
            ?
          </text>
        </g>
      );
    default:
      return <circle cx={cx} cy={cy} r={7} fill={tokens.colorPaletteGreenBackground3} stroke={edge} strokeWidth={2} />;
  }
}

function time(date: string): number {
  return Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
}

/**
 * One dot per server at its build's release date against a dashed line per certificate cut-off,
 * drawn from the Explain model. The whole picture is one image with its text alternative; the
 * words on the page say the same, so nothing depends on seeing it.
 */
export function BuildTimeline({ model }: { model: TimelineModel }) {
  const styles = useStyles();
  const start = time(model.from);
  const span = Math.max(1, time(model.to) - start);
  const x = (date: string) => PAD + ((time(date) - start) / span) * (WIDTH - 2 * PAD);
  const years: number[] = [];
  for (let y = Number(model.from.slice(0, 4)); y <= Number(model.to.slice(0, 4)); y++) years.push(y);
  const points = [...model.points].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <figure className={styles.figure}>
      <svg className={styles.svg} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={model.description}>
        <line x1={PAD} x2={WIDTH - PAD} y1={AXIS_Y} y2={AXIS_Y} stroke={tokens.colorNeutralStroke1} strokeWidth={2} />
        {years.map(y => (
          <g key={y}>
            <line x1={x(`${y}-01-01`)} x2={x(`${y}-01-01`)} y1={AXIS_Y} y2={AXIS_Y + 6} stroke={tokens.colorNeutralStroke1} />
            <text x={x(`${y}-01-01`)} y={AXIS_Y + 22} textAnchor="middle" fontSize={13} fill={tokens.colorNeutralForeground2}>
              {y}
            </text>
          </g>
        ))}
        {model.lines.map((line, i) => (
          <g key={line.ruleId}>
            <line x1={x(line.date)} x2={x(line.date)} y1={14} y2={AXIS_Y} stroke={tokens.colorPaletteRedForeground1} strokeDasharray="6 4" strokeWidth={2} />
            <text x={x(line.date) + 6} y={14 + (i % 2) * 16} fontSize={13} fill={tokens.colorPaletteRedForeground1}>
              {line.label}
            </text>
          </g>
        ))}
        {points.map((p, i) => (
          <g key={p.name} data-mark={p.mark}>
            <Mark kind={p.mark} cx={x(p.date)} cy={AXIS_Y - 10} />
            <text x={x(p.date)} y={AXIS_Y - 24 - (i % 3) * 16} textAnchor="middle" fontSize={12} fill={tokens.colorNeutralForeground1}>
              {p.name}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className={styles.caption}>
        <ul className={styles.legend} aria-label="Legend">
          {LEGEND.map(kind => (
            <li key={kind} className={styles.legendItem}>
              <svg width={18} height={18} viewBox="0 0 18 18" aria-hidden="true">
                <Mark kind={kind} cx={9} cy={9} />
              </svg>
              {MARK_WORDS[kind]}
            </li>
          ))}
        </ul>
        Each mark is a server at the release date of its build. Servers left of a dashed line are older than that cut-off.
        {model.undated.length > 0 ? ` Build date unknown (no mark): ${model.undated.join(', ')}.` : ''}
      </figcaption>
    </figure>
  );
}
