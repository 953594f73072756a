import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BarChart } from './BarChart';

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
});
