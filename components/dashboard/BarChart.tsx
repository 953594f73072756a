import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, Line } from '@visx/shape';

export interface ChartBar {
  label: string;
  value: number;
  /** The value as the reader should see it beside the bar. */
  text: string;
  /** Drawn in the warning colour (over a limit). */
  over?: boolean;
}

// Drawn in a fixed coordinate space and scaled to the card's width (never
// beyond it: max-w), so the text stays in proportion to the bars from a
// half-width card at 1024 px up.
const WIDTH = 560;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = 120;
const ROW_HEIGHT = 24;
const LIMIT_ROOM = 16;
// About what fits in LABEL_WIDTH at the chart's font size; the table beside the chart has the whole label.
const LABEL_CHARS = 24;

const clipped = (label: string) => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);

/**
 * A horizontal bar chart. It is decoration for sighted readers and hidden
 * from assistive technology: every chart stands beside a table (or list)
 * with the same figures. `limit` draws a reference line on the bars' scale
 * (a capacity). Colours are Tailwind classes with a dark variant, each at
 * least 3:1 against its background, as graphics need for WCAG AA.
 */
export function BarChart({ items, limit }: { items: readonly ChartBar[]; limit?: { value: number; label: string } }) {
  // No bars, no chart: the table beside it says there is nothing to show.
  if (items.length === 0) return null;
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const max = Math.max(1, limit?.value ?? 0, ...items.map((i) => i.value));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, plotWidth] });
  // By place, not label: two rows may share a label (a name written twice).
  const y = scaleBand<number>({ domain: items.map((_, n) => n), range: [0, items.length * ROW_HEIGHT], padding: 0.25 });
  const barsHeight = items.length * ROW_HEIGHT;
  const height = barsHeight + (limit ? LIMIT_ROOM : 0);
  return (
    <svg aria-hidden="true" data-chart="bars" viewBox={`0 0 ${WIDTH} ${height}`} className="block w-full max-w-[35rem]">
      {items.map((item, n) => {
        const top = y(n) ?? 0;
        const middle = top + y.bandwidth() / 2;
        const length = x(Math.max(0, item.value));
        return (
          <Group key={n}>
            <text x={0} y={middle} dominantBaseline="middle" fontSize={13} className="fill-slate-700 dark:fill-slate-300">
              {clipped(item.label)}
            </text>
            <Bar
              x={LABEL_WIDTH}
              y={top}
              width={length}
              height={y.bandwidth()}
              rx={2}
              className={item.over ? 'fill-rose-600 dark:fill-rose-400' : 'fill-indigo-600 dark:fill-indigo-400'}
            />
            <text x={LABEL_WIDTH + length + 6} y={middle} dominantBaseline="middle" fontSize={13} className="fill-slate-800 dark:fill-slate-200">
              {item.text}
            </text>
          </Group>
        );
      })}
      {limit && (
        <Group left={LABEL_WIDTH + x(limit.value)}>
          <Line
            from={{ x: 0, y: 0 }}
            to={{ x: 0, y: barsHeight }}
            strokeWidth={2}
            strokeDasharray="4 3"
            className="stroke-slate-600 dark:stroke-slate-300"
          />
          <text x={0} y={barsHeight + LIMIT_ROOM - 3} textAnchor="middle" fontSize={12} className="fill-slate-700 dark:fill-slate-300">
            {limit.label}
          </text>
        </Group>
      )}
    </svg>
  );
}
