import { describe, expect, it } from 'vitest';
import { daysUntil, formatDaysToGo, isAfterToday, parseIsoDate, toIsoDate } from './dates';

const NOW = new Date(2024, 4, 15, 23, 30); // late evening still counts as the 15th

describe('dates', () => {
  it.each([
    ['2024-05-15', 0],
    ['2024-05-16', 1],
    ['2024-05-14', -1],
    ['2024-06-15', 31],
    ['2023-05-15', -366],
  ])('daysUntil(%s) = %i', (iso, expected) => {
    expect(daysUntil(iso, NOW)).toBe(expected);
  });

  it('rejects a malformed date rather than returning NaN', () => {
    expect(() => parseIsoDate('15/05/2024')).toThrow(RangeError);
  });

  it('round-trips ISO dates', () => {
    expect(toIsoDate(parseIsoDate('2024-02-29'))).toBe('2024-02-29');
  });

  it('knows what is after today', () => {
    expect(isAfterToday('2024-05-16', NOW)).toBe(true);
    expect(isAfterToday('2024-05-15', NOW)).toBe(false);
  });

  it.each([
    [null, 'no due date'],
    [undefined, 'no due date'],
    [0, 'due today'],
    [1, 'due tomorrow'],
    [12, '12 days to go'],
    [-1, '1 day overdue'],
    [-9, '9 days overdue'],
  ])('formatDaysToGo(%s) = %s', (days, text) => {
    expect(formatDaysToGo(days)).toBe(text);
  });

  it('reads a renewal date in the past as "ago", not overdue', () => {
    const days = daysUntil('2024-04-30', NOW);
    expect(days).toBe(-15);
    expect(formatDaysToGo(days, { past: 'ago' })).toBe('15 days ago');
    expect(formatDaysToGo(-1, { past: 'ago' })).toBe('1 day ago');
    expect(formatDaysToGo(0, { past: 'ago' })).toBe('today');
    expect(formatDaysToGo(40, { past: 'ago' })).toBe('40 days to go');
    expect(formatDaysToGo(null, { past: 'ago' })).toBe('no date');
  });
});
