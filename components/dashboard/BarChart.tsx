import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, BarStackHorizontal, Line } from '@visx/shape';

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

const PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
// Legend rows above a stacked chart: a swatch, then its label at about
// LEGEND_CHAR pixels a character, so labels wrap to a new row instead of
// running off the chart.
const LEGEND_ROW = 20;
const SWATCH = 12;
const LEGEND_CHAR = 7.5;
const LEGEND_GAP = 18;

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
  const max = Math.max(1, limit?.value ?? 0, ...items.map((i) => i.value));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, PLOT_WIDTH] });
  const y = rows(items.length);
  const barsHeight = items.length * ROW_HEIGHT;
  const height = barsHeight + (limit ? LIMIT_ROOM : 0);
  // Each row's place, shared by its bar and its value (drawn apart, see below).
  const placed = items.map((item, n) => {
    const top = y(n) ?? 0;
    return { item, top, middle: top + y.bandwidth() / 2, length: x(Math.max(0, item.value)) };
  });
  return (
    <svg aria-hidden="true" data-chart="bars" viewBox={`0 0 ${WIDTH} ${height}`} className="block w-full max-w-[35rem]">
      {placed.map(({ item, top, middle, length }, n) => (
        <Group key={n}>
          <RowLabel y={middle} label={item.label} />
          <Bar
            x={LABEL_WIDTH}
            y={top}
            width={length}
            height={y.bandwidth()}
            rx={2}
            className={item.over ? 'fill-rose-600 dark:fill-rose-400' : 'fill-indigo-600 dark:fill-indigo-400'}
          />
        </Group>
      ))}
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
      {/* After the limit line, so a value that ends across it is written over it, not under it. */}
      {placed.map(({ item, middle, length }, n) => (
        <RowValue key={n} x={LABEL_WIDTH + length + 6} y={middle} text={item.text} />
      ))}
    </svg>
  );
}

// By place, not label: two rows may share a label (a name written twice).
const rows = (count: number) => scaleBand<number>({ domain: [...Array(count).keys()], range: [0, count * ROW_HEIGHT], padding: 0.25 });

function RowLabel({ y, label }: { y: number; label: string }) {
  return (
    <text x={0} y={y} dominantBaseline="middle" fontSize={13} className="fill-slate-700 dark:fill-slate-300">
      {clipped(label)}
    </text>
  );
}

function RowValue({ x, y, text }: { x: number; y: number; text: string }) {
  return (
    // Edged in the card's own colour (the stroke painted under the fill), so the limit line never runs through it.
    <text
      x={x}
      y={y}
      dominantBaseline="middle"
      fontSize={13}
      paintOrder="stroke"
      strokeWidth={4}
      strokeLinejoin="round"
      className="fill-slate-800 stroke-white dark:fill-slate-200 dark:stroke-slate-900"
    >
      {text}
    </text>
  );
}

export interface StackSeries {
  key: string;
  label: string;
  /** Fill classes (with a dark variant), at least 3:1 against the card in both themes. */
  className: string;
}

export interface StackedBar {
  label: string;
  /** By series key; a missing key is 0. */
  values: Readonly<Record<string, number>>;
  /** The total as the reader should see it beside the bar. */
  text: string;
}

/**
 * Horizontal bars cut into one segment per series (in the series' order),
 * each bar as long as its total, with a legend above. Like `BarChart` it is
 * hidden from assistive technology and stands beside a table with the same
 * figures; segments are parted by a line in the card's colour so two
 * neighbours never merge.
 */
export function StackedBarChart({ series, items }: { series: readonly StackSeries[]; items: readonly StackedBar[] }) {
  if (items.length === 0) return null;
  const data = items.map((item, n) => ({ n, ...Object.fromEntries(series.map((s) => [s.key, Math.max(0, item.values[s.key] ?? 0)])) }));
  const totals = data.map((d) => series.reduce((sum, s) => sum + (d as Record<string, number>)[s.key]!, 0));
  const x = scaleLinear<number>({ domain: [0, Math.max(1, ...totals)], range: [0, PLOT_WIDTH] });
  const y = rows(items.length);
  const legend = legendPlaces(series.map((s) => s.label));
  const legendHeight = (legend.at(-1)?.row ?? 0) * LEGEND_ROW + LEGEND_ROW + 4;
  const byClass = new Map(series.map((s) => [s.key, s.className]));
  return (
    <svg
      aria-hidden="true"
      data-chart="stacked"
      viewBox={`0 0 ${WIDTH} ${legendHeight + items.length * ROW_HEIGHT}`}
      className="block w-full max-w-[35rem]"
    >
      <Group>
        {series.map((s, n) => {
          const place = legend[n]!;
          const middle = place.row * LEGEND_ROW + LEGEND_ROW / 2;
          return (
            <Group key={s.key} data-legend={s.key}>
              <rect x={place.x} y={middle - SWATCH / 2} width={SWATCH} height={SWATCH} rx={2} className={s.className} />
              <text x={place.x + SWATCH + 4} y={middle} dominantBaseline="middle" fontSize={12} className="fill-slate-700 dark:fill-slate-300">
                {s.label}
              </text>
            </Group>
          );
        })}
      </Group>
      <Group top={legendHeight}>
        {items.map((item, n) => (
          <Group key={n}>
            <RowLabel y={(y(n) ?? 0) + y.bandwidth() / 2} label={item.label} />
            <RowValue x={LABEL_WIDTH + x(totals[n]!) + 6} y={(y(n) ?? 0) + y.bandwidth() / 2} text={item.text} />
          </Group>
        ))}
        <BarStackHorizontal<(typeof data)[number], string>
          data={data}
          keys={series.map((s) => s.key)}
          y={(d) => d.n}
          xScale={x}
          yScale={y}
          color={(key) => key}
        >
          {(stacks) =>
            stacks.flatMap((stack) =>
              stack.bars
                // A zero segment has no width; drawing it would leave a stray divider.
                .filter((bar) => bar.width > 0)
                .map((bar) => (
                  <rect
                    key={`${stack.key}-${bar.index}`}
                    data-series={stack.key}
                    data-row={bar.index}
                    x={LABEL_WIDTH + bar.x}
                    y={bar.y}
                    width={bar.width}
                    height={bar.height}
                    strokeWidth={1}
                    className={`${byClass.get(stack.key)} stroke-white dark:stroke-slate-900`}
                  />
                )),
            )
          }
        </BarStackHorizontal>
      </Group>
    </svg>
  );
}

function legendPlaces(labels: readonly string[]) {
  let row = 0;
  let x = 0;
  return labels.map((label) => {
    const width = SWATCH + 4 + label.length * LEGEND_CHAR;
    if (x > 0 && x + width > WIDTH) {
      row += 1;
      x = 0;
    }
    const place = { row, x };
    x += width + LEGEND_GAP;
    return place;
  });
}
