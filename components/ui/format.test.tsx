import { describe, expect, it } from 'vitest';
import { describeError } from './errors';
import { formatDate, formatDateTime, formatMoney, safeHref } from './format';
import { DataError } from '../../lib/core/errors';

describe('safeHref', () => {
  it.each(['https://crm.example/a?b=1', 'http://127.0.0.1:8080/x'])('keeps the web URL %s', (url) => {
    expect(safeHref(url)).toBe(new URL(url).href);
  });

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', '/relative/path', 'not a url', '', undefined])(
    'refuses %s',
    (url) => {
      expect(safeHref(url)).toBeNull();
    },
  );
});

describe('formatMoney', () => {
  it('formats in the account currency', () => {
    expect(formatMoney(120000, 'USD', 'en-US')).toBe('$120,000');
    expect(formatMoney(98000.4, 'EUR', 'en-US')).toBe('€98,000');
  });

  it('falls back to the number and code for a currency Intl does not know', () => {
    expect(formatMoney(5000, 'X$1', 'en-US')).toBe('5,000 X$1');
    // The refused currency is remembered as refused, and the next amount still falls back.
    expect(formatMoney(7000, 'X$1', 'en-US')).toBe('7,000 X$1');
  });

  it('keeps formatters apart by currency and locale', () => {
    expect(formatMoney(1000, 'USD', 'en-US')).toBe('$1,000');
    expect(formatMoney(1000, 'GBP', 'en-US')).toBe('£1,000');
    expect(formatMoney(1000, 'USD', 'de-DE')).toBe('1.000\u00a0$');
    expect(formatMoney(1000, 'USD', 'en-US')).toBe('$1,000');
  });
});

describe('formatDate and formatDateTime', () => {
  it('format in the locale asked for, each with its own style', () => {
    expect(formatDate('2026-03-04', 'en-US')).toBe('Mar 4, 2026');
    expect(formatDate('2026-03-04', 'de-DE')).toBe('04.03.2026');
    expect(formatDateTime('2026-03-04T10:05:00Z', 'en-US')).toMatch(/^Mar 4, 2026, \d{1,2}:05/);
  });

  it('show the text as it came when it is not a date or the locale is refused', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate('not a date', 'en-US')).toBe('not a date');
    expect(formatDate('2026-03-04', 'x-bad-locale-!')).toBe('2026-03-04');
    expect(formatDateTime('2026-03-04T10:05:00Z', 'x-bad-locale-!')).toBe('2026-03-04T10:05:00Z');
  });
});

describe('describeError', () => {
  it('names the reason for typed data errors, also after they crossed messaging as plain objects', () => {
    expect(describeError(new DataError({ kind: 'timeout', message: 'after 10 s' }))).toEqual({
      kind: 'timeout',
      title: 'The team backend did not answer in time',
      detail: 'after 10 s',
    });
    expect(describeError({ info: { kind: 'schema', message: 'accounts[2].arr: expected number' } }).detail).toBe('accounts[2].arr: expected number');
    expect(describeError(new Error('boom')).title).toBe('Something went wrong');
  });
});
