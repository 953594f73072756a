import { describe, expect, it } from 'vitest';
import { storedAccount } from '../../../test/accounts';
import { DEFAULT_ICP_PROFILE } from './defaults';
import {
  accountDraftFromPage,
  icpFromPage,
  pageDisagreements,
  parseCount,
  parseDate,
  parseMoney,
  parsePageValues,
  readFieldText,
} from './page-values';

describe('money as CRM pages show it', () => {
  it.each([
    ['$19.0M', { amount: 19_000_000 }],
    ['$19,000,000', { amount: 19_000_000 }],
    ['USD 19,000,000.00', { amount: 19_000_000, currency: 'USD' }],
    ['US$ 1.5K', { amount: 1_500, currency: 'USD' }],
    ['€ 2,5 Mio.', { amount: 2_500_000, currency: 'EUR' }],
    ['1.200.000,50 €', { amount: 1_200_000.5, currency: 'EUR' }],
    ['2 500 000 EUR', { amount: 2_500_000, currency: 'EUR' }],
    ["CHF 1'250'000", { amount: 1_250_000, currency: 'CHF' }],
    ['£84k', { amount: 84_000, currency: 'GBP' }],
    ['1,200', { amount: 1_200 }],
    ['0,5 Mrd.', { amount: 500_000_000 }],
    ['1,1M', { amount: 1_100_000 }],
  ])('%s', (text, money) => {
    expect(parseMoney(text)).toEqual(money);
  });

  it.each([
    ['-$5,000', /negative/],
    ['($5,000)', /negative/],
    ['$5,0000', /more than 2 decimals/],
    ['$5,000,00', /unevenly/],
    ['1.2.3,4', /unevenly/],
    ['$19.0 zillion', /unknown unit/],
    ['about $5M', /not a number/],
    ['<img src=x onerror=alert(1)>', /not a number/],
    ['', /not a number/],
  ])('refuses %s', (text, reason) => {
    expect(() => parseMoney(text)).toThrow(reason);
  });
});

describe('counts', () => {
  it.each([
    ['1,200', 1200],
    ['1.200', 1200],
    ['1 200', 1200],
    ['12K', 12_000],
    ['87', 87],
  ])('%s', (text, n) => expect(parseCount(text)).toBe(n));

  it.each([
    ['1,200.5', /whole/],
    ['-3', /negative/],
    ['many', /not a number/],
  ])('refuses %s', (text, reason) => expect(() => parseCount(text)).toThrow(reason));
});

describe('dates', () => {
  it.each([
    ['2026-12-31', '2026-12-31'],
    ['12/31/2026', '2026-12-31'],
    ['31/12/2026', '2026-12-31'],
    ['31.12.2026', '2026-12-31'],
    ['Dec 31, 2026', '2026-12-31'],
    ['31 December 2026', '2026-12-31'],
    ['02/02/2026', '2026-02-02'],
  ])('%s', (text, iso) => expect(parseDate(text)).toBe(iso));

  it('refuses a date that reads as two different days, naming both', () => {
    expect(() => parseDate('01/02/2026')).toThrow(/2026-01-02 or 2026-02-01|2026-02-01 or 2026-01-02/);
  });

  it.each(['31/12/26', '2026-13-45', 'next Tuesday'])('refuses %s', (text) => expect(() => parseDate(text)).toThrow());
});

describe('parsePageValues', () => {
  it('turns the page’s text into values and names what it cannot read, keeping the text', () => {
    const r = parsePageValues({
      arr: '$19.0M',
      employeeCount: '1,200',
      industry: '  Transportation ',
      region: 'Germany',
      ownerAe: 'Tom Becker',
      closeDate: '01/02/2026',
      stage: '<b>Negotiation</b>',
      type: '********',
    });
    expect(r.values).toEqual({
      arr: { amount: 19_000_000 },
      employeeCount: 1200,
      industry: 'Transportation',
      region: 'Germany',
      ownerAe: 'Tom Becker',
      // Markup in a value is text like any other; it is only ever rendered as text.
      stage: '<b>Negotiation</b>',
    });
    expect(r.unreadable).toEqual([
      { field: 'type', text: '********', reason: 'hidden by the CRM' },
      { field: 'closeDate', text: '01/02/2026', reason: expect.stringMatching(/^could be /) },
    ]);
  });

  it('reads nothing from a message that is not page text', () => {
    expect(parsePageValues({ arr: 19_000_000 })).toEqual({ values: {}, unreadable: [] });
    expect(parsePageValues('nope')).toEqual({ values: {}, unreadable: [] });
    expect(parsePageValues({ industry: 'x'.repeat(201) })).toEqual({ values: {}, unreadable: [] });
  });

  it('ignores fields it does not know', () => {
    expect(parsePageValues({ industry: 'Retail', password: 'hunter2' })).toEqual({ values: { industry: 'Retail' }, unreadable: [] });
  });
});

describe('what the page values are used for', () => {
  it('names the account a deal page points to, never the deal', () => {
    expect(accountDraftFromPage({ kind: 'deal', name: 'Acme — Renewal' }, { accountName: 'Acme' }).name).toBe('Acme');
    expect(accountDraftFromPage({ kind: 'deal', name: 'Acme — Renewal' }, {}).name).toBe('');
    expect(accountDraftFromPage({ kind: 'account', name: 'Acme Corp' }, { accountName: 'Other' }).name).toBe('Acme Corp');
  });

  it('reads what a person types the way it reads the page, with the same refusals', () => {
    expect(readFieldText('arr', '$210K')).toEqual({ ok: true, value: { amount: 210_000 } });
    expect(readFieldText('employeeCount', '1.200')).toEqual({ ok: true, value: 1200 });
    expect(readFieldText('employeeCount', '-5')).toEqual({ ok: false, reason: 'a negative count' });
    expect(readFieldText('industry', '•••')).toEqual({ ok: false, reason: 'hidden by the CRM' });
  });

  it('lists disagreements on an account page, ignoring case and padding, and only the owner on a deal page', () => {
    const account = storedAccount('acc-1', {
      arr: 100_000,
      currency: 'USD',
      employeeCount: 500,
      industry: 'Software',
      region: 'EMEA',
      ownerAe: 'Dana Reyes',
    });
    const values = { arr: { amount: 120_000 }, employeeCount: 500, industry: ' software ', region: 'North America', ownerAe: 'Tom Becker' };
    expect(pageDisagreements(account, 'account', values)).toEqual([
      { field: 'arr', page: 120_000, seamline: 100_000, patch: { arr: 120_000 } },
      { field: 'region', page: 'North America', seamline: 'EMEA', patch: { region: 'North America' } },
      { field: 'ownerAe', page: 'Tom Becker', seamline: 'Dana Reyes', patch: { ownerAe: 'Tom Becker' } },
    ]);
    expect(pageDisagreements(account, 'deal', values).map((d) => d.field)).toEqual(['ownerAe']);
    expect(pageDisagreements(account, 'account', { arr: { amount: 90_000, currency: 'EUR' } })).toEqual([
      { field: 'arr', page: 90_000, seamline: 100_000, note: 'The page shows EUR; Seamline keeps USD.' },
    ]);
    expect(pageDisagreements(storedAccount('acc-2', { industry: undefined }), 'account', { industry: 'Retail' })).toEqual([
      { field: 'industry', page: 'Retail', seamline: undefined, patch: { industry: 'Retail' } },
    ]);
  });

  it('judges the ICP only on rules whose field the page shows', () => {
    const { subject, profile, notJudged } = icpFromPage({ arr: { amount: 18_500 }, industry: 'Software', stage: 'Prospecting' }, DEFAULT_ICP_PROFILE);
    expect(subject).toEqual({ id: 'page', arr: 18_500, industry: 'Software' });
    expect(profile.rules.map((r) => r.field)).toEqual(['industry', 'arr']);
    expect(notJudged.map((r) => r.field)).toEqual(['employeeCount', 'region', 'segment', 'integrations']);
  });
});
