import { afterEach, describe, expect, it } from 'vitest';
import { DASHBOARD_ASKED_MARK, DASHBOARD_DATA_MEASURE, measureFirstRequest } from './data-mark';

const measures = () => performance.getEntriesByName(DASHBOARD_DATA_MEASURE, 'measure');

describe('the dashboard page’s first request, measured', () => {
  afterEach(() => {
    performance.clearMarks(DASHBOARD_ASKED_MARK);
    performance.clearMeasures(DASHBOARD_DATA_MEASURE);
  });

  it('is marked when it leaves and measured from there once answered, not before', async () => {
    let answer!: (value: unknown) => void;
    const reply = new Promise((resolve) => (answer = resolve));
    measureFirstRequest(reply);
    const [asked] = performance.getEntriesByName(DASHBOARD_ASKED_MARK, 'mark');
    expect(asked).toBeDefined();
    await new Promise((r) => setTimeout(r, 20));
    expect(measures()).toHaveLength(0);
    answer({ ok: true });
    await reply;
    await Promise.resolve();
    const [measure] = measures();
    expect(measure?.startTime).toBe(asked!.startTime);
    expect(measure!.duration).toBeGreaterThanOrEqual(15);
  });

  it('is not measured when the request failed, and the failure is left to the page’s client', async () => {
    const reply = Promise.reject(new Error('no background'));
    measureFirstRequest(reply);
    await expect(reply).rejects.toThrow('no background');
    await Promise.resolve();
    expect(measures()).toHaveLength(0);
  });
});
