import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BarChart, StackedBarChart } from './BarChart';

afterEach(cleanup);

const bars = (svg: Element) => [...svg.querySelectorAll('rect')].map((r) => Number(r.getAttribute('width')));

describe('BarChart', () => {
  it('draws each bar in proportion to its value, the largest across the plot, and stays out of the accessibility tree', () => {
    const { container } = render(
      <BarChart
        items={[
          { label: 'Ana', value: 2, text: '2' },
          { label: 'Ben', value: 8, text: '8' },
          { label: 'Cy', value: 0, text: '0' },
        ]}
      />,
    );
    const svg = container.querySelector('svg')!;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    const [ana, ben, cy] = bars(svg);
    expect(ben).toBeGreaterThan(0);
    expect(ana! / ben!).toBeCloseTo(0.25);
    expect(cy).toBe(0);
    expect(svg.textContent).toContain('Ana');
    expect(svg.textContent).toContain('8');
  });

  it('puts a limit on the bars’ scale, and a bar over it in the warning colour', () => {
    const { container } = render(
      <BarChart
        items={[
          { label: 'Ana', value: 4, text: '4 / 10' },
          { label: 'Ben', value: 12, text: '12 / 10', over: true },
        ]}
        limit={{ value: 10, label: 'capacity 10' }}
      />,
    );
    const svg = container.querySelector('svg')!;
    const [ana, ben] = bars(svg);
    const line = svg.querySelector('line')!;
    // The line stands where a bar of the limit's value would end.
    const start = Number(svg.querySelector('rect')!.getAttribute('x'));
    const lineAt = Number(/translate\(([\d.]+)/.exec(line.closest('g')!.getAttribute('transform') ?? '')?.[1]);
    expect(lineAt - start).toBeCloseTo((ben! * 10) / 12);
    expect(ana! / ben!).toBeCloseTo(4 / 12);
    const [first, second] = svg.querySelectorAll('rect');
    expect(second!.getAttribute('class')).toContain('rose');
    expect(first!.getAttribute('class')).not.toContain('rose');
    expect(svg.textContent).toContain('capacity 10');
  });

  it('paints each value over the limit line, edged in the card’s colour, so a value that ends across the line stays legible', () => {
    const { container } = render(
      <BarChart
        items={[
          { label: 'NRR', value: 98, text: '98.4%' },
          { label: 'GRR', value: 79, text: '79.1%' },
        ]}
        limit={{ value: 100, label: '100%' }}
      />,
    );
    const svg = container.querySelector('svg')!;
    const line = svg.querySelector('line')!;
    const values = [...svg.querySelectorAll('text')].filter((t) => t.textContent === '98.4%' || t.textContent === '79.1%');
    expect(values).toHaveLength(2);
    // SVG paints in document order: what comes later is drawn on top.
    for (const v of values) {
      expect(line.compareDocumentPosition(v) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      expect(v.getAttribute('paint-order')).toBe('stroke');
      expect(v.getAttribute('class')).toMatch(/stroke-white/);
    }
  });

  it('draws nothing for no bars, even with a limit', () => {
    const { container } = render(<BarChart items={[]} limit={{ value: 8, label: 'capacity 8' }} />);
    expect(container.querySelector('svg')).toBeNull();
  });

  it('shortens a long label in the chart (the table beside it has the whole one)', () => {
    const long = 'Customer success manager with a very long name';
    const { container } = render(<BarChart items={[{ label: long, value: 1, text: '1' }]} />);
    const text = container.querySelector('text')!.textContent!;
    expect(text.length).toBeLessThan(long.length);
    expect(text.endsWith('…')).toBe(true);
    expect(long.startsWith(text.slice(0, -1))).toBe(true);
  });

  describe('StackedBarChart', () => {
    const series = [
      { key: 'done', label: 'Done', className: 'fill-emerald-600' },
      { key: 'late', label: 'Late', className: 'fill-rose-700' },
    ];
    const segments = (svg: Element) =>
      [...svg.querySelectorAll('rect[data-series]')].map((r) => ({
        series: r.getAttribute('data-series'),
        row: Number(r.getAttribute('data-row')),
        x: Number(r.getAttribute('x')),
        width: Number(r.getAttribute('width')),
        fill: r.getAttribute('class'),
      }));

    it('cuts each bar into its series in order, each segment in proportion, the longest total across the plot', () => {
      const { container } = render(
        <StackedBarChart
          series={series}
          items={[
            { label: 'Ana', values: { done: 3, late: 1 }, text: '4' },
            { label: 'Ben', values: { done: 2, late: 6 }, text: '8' },
          ]}
        />,
      );
      const svg = container.querySelector('svg[data-chart="stacked"]')!;
      expect(svg.getAttribute('aria-hidden')).toBe('true');
      const all = segments(svg);
      const of = (row: number, key: string) => all.find((s) => s.row === row && s.series === key)!;
      const unit = of(1, 'late').width / 6;
      expect(unit).toBeGreaterThan(0);
      expect(of(0, 'done').width).toBeCloseTo(3 * unit);
      expect(of(0, 'late').width).toBeCloseTo(1 * unit);
      expect(of(1, 'done').width).toBeCloseTo(2 * unit);
      // The second series starts where the first ends, on the same left edge for every row.
      expect(of(0, 'late').x).toBeCloseTo(of(0, 'done').x + of(0, 'done').width);
      expect(of(1, 'done').x).toBe(of(0, 'done').x);
      expect(of(0, 'done').fill).toContain('fill-emerald-600');
      expect(of(1, 'late').fill).toContain('fill-rose-700');
      expect(svg.textContent).toContain('Done');
      expect(svg.textContent).toContain('Late');
      expect(svg.textContent).toContain('8');
    });

    it('draws no segment for a zero or missing value, and nothing for no bars', () => {
      const { container } = render(<StackedBarChart series={series} items={[{ label: 'Ana', values: { late: 2 }, text: '2' }]} />);
      expect(segments(container.querySelector('svg')!).map((s) => s.series)).toEqual(['late']);
      cleanup();
      expect(render(<StackedBarChart series={series} items={[]} />).container.querySelector('svg')).toBeNull();
    });

    it('wraps a legend too wide for one row onto the next', () => {
      const many = Array.from({ length: 8 }, (_, n) => ({ key: `k${n}`, label: `Outcome number ${n}`, className: 'fill-slate-500' }));
      const { container } = render(<StackedBarChart series={many} items={[{ label: 'Ana', values: { k0: 1 }, text: '1' }]} />);
      const swatches = [...container.querySelectorAll('g[data-legend] > rect')].map((r) => ({
        x: Number(r.getAttribute('x')),
        y: Number(r.getAttribute('y')),
        width: Number(r.getAttribute('width')),
      }));
      expect(swatches).toHaveLength(8);
      expect(new Set(swatches.map((s) => s.y)).size).toBeGreaterThan(1);
      for (const s of swatches) expect(s.x + s.width).toBeLessThanOrEqual(560);
      // The bars start below the legend.
      const top = /translate\(0, ([\d.]+)\)/.exec(
        container.querySelector('rect[data-series]')!.closest('svg > g:last-child')!.getAttribute('transform') ?? '',
      );
      expect(Number(top?.[1])).toBeGreaterThan(Math.max(...swatches.map((s) => s.y)));
    });
  });
});
