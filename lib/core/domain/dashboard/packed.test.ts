import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../../demo/generate';
import { HealthSnapshotSchema, type HealthSnapshot } from '../health-snapshot';
import { dashboardDataOf, dashboardFrom, dashboardSettingsOf, preparePortfolio, type Dashboard, type DashboardData } from './dashboard';
import { DEFAULT_SETTINGS } from '../defaults';
import { lastDays, type DashboardFilter } from './filters';
import { dashboardListIds, dashboardRows } from './summary';
import { drain, packDashboardData, packedReader, unpackDashboardData, type PackedDashboardData } from './packed';

const NOW = new Date('2026-06-16T12:00:00Z');
const demo = generateDemoData({ seed: 12, accounts: 30, now: NOW });
// The lists a store's read gives, and nothing else of the export.
const { accounts, snapshots, commitments, flags, handoff, approvals, milestones } = demo.bundle;
const whole = dashboardDataOf({ accounts, snapshots, commitments, flags, handoff, approvals, milestones, arrChanges: demo.arrChanges });
const [unowned] = whole.accounts;
const { ownerAe: _ae, csm: _csm, ...withoutOwners } = unowned!;
// The edges of bad input the figures take: no owner AE or CSM, records of no account, an ARR change given by its
// amount alone and one by the ARR after it alone.
const portfolio: DashboardData = {
  ...whole,
  accounts: [withoutOwners, ...whole.accounts.slice(1)],
  commitments: [...whole.commitments, { ...whole.commitments[0]!, id: 'zzz-no-account', accountId: null }],
  flags: [...whole.flags, { ...whole.flags[0]!, id: 'zzz-flag', accountId: null }],
  arrChanges: [
    ...whole.arrChanges,
    { id: 'zzz-delta', accountId: unowned!.id, date: '2026-05-01', currency: 'GBP', delta: 500, reason: 'expansion' },
    { id: 'zzz-after', accountId: unowned!.id, date: '2026-05-02', currency: 'GBP', arrAfter: 0, reason: 'churn', note: 'Gone' },
  ],
};

const unpacked = (packed: unknown) => unpackedOf(packed);
const unpackedOf = (packed: unknown, filter?: DashboardFilter) => {
  const result = unpackDashboardData(packed, filter);
  if (!result.success) throw new Error(`${result.field}: ${result.message}`);
  return result.data;
};
// Every key of a list of accounts behind a number in a computed dashboard.
const accountLists = (d: Dashboard): string[] => {
  const keys: string[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (Array.isArray(node) || node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      const key = [...path, k].join('.');
      if (dashboardListIds(d, key) !== null) keys.push(key);
      else walk(v, [...path, k]);
    }
  };
  walk(d, []);
  return keys;
};
// A copy to tamper with: the columns are typed arrays, which a JSON round trip would not keep.
const copy = (packed: PackedDashboardData): PackedDashboardData => structuredClone(packed);
// One row's value made another, as stored: a distinct value of its own that only this row holds.
const setStored = (packed: PackedDashboardData, list: keyof PackedDashboardData['lists'], field: string, row: number, stored: number) => {
  const c = column(packed, list, field);
  const slot = c.distinct.length;
  c.distinct = (c.kind === 'number' ? Float64Array : Int32Array).of(...c.distinct, stored) as typeof c.distinct;
  c.at = Uint32Array.from(c.at);
  c.at[row] = slot;
};
const column = (packed: PackedDashboardData, list: keyof PackedDashboardData['lists'], field: string) =>
  packed.lists[list]!.columns.find((c) => c.field === field)!;

describe('the dashboard inputs packed in columns', () => {
  it('gives back exactly the inputs it packed, field order and absent fields included', () => {
    expect(portfolio.firstValues!.length).toBeGreaterThan(0);
    const packed = packDashboardData(portfolio);
    const back = unpacked(structuredClone(packed));
    expect(back).toEqual(portfolio);
    expect(JSON.stringify(back)).toBe(JSON.stringify(portfolio));
    // Far fewer strings than values: each distinct one once.
    expect(packed.strings.length).toBeLessThan(new Set(JSON.stringify(portfolio).split('"')).size);
    const { firstValues: _fv, ...withoutFirstValues } = portfolio;
    expect(unpacked(packDashboardData({ ...withoutFirstValues, handoff: [] }))).toEqual({ ...withoutFirstValues, handoff: [] });
  });

  it('gives back any readings, whichever of their inputs each has', () => {
    const reading = fc.record(
      {
        id: fc.stringMatching(/^[a-z0-9_-]{1,12}$/),
        accountId: fc.constantFrom('acc_a', 'acc_b'),
        date: fc.constantFrom('2026-01-31', '2026-02-01'),
        adoptionPct: fc.double({ min: 0, max: 100, noNaN: true }),
        activeUserTrendPct: fc.integer({ min: -100, max: 1000 }),
        openTickets: fc.nat(50),
        nps: fc.double({ min: -100, max: 100, noNaN: true }),
        sponsorEngagement: fc.constantFrom('none', 'low', 'medium', 'high'),
        daysToFirstValue: fc.nat(400),
      },
      { requiredKeys: ['id', 'accountId', 'date'] },
    );
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 30 }), (rows) => {
        const snapshots = rows.map((r) => HealthSnapshotSchema.parse(r)) as HealthSnapshot[];
        const data = { ...portfolio, snapshots };
        expect(JSON.stringify(unpacked(packDashboardData(data)).snapshots)).toBe(JSON.stringify(snapshots));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps each value once per column, in as few bytes a row as their count allows', () => {
    const named = portfolio.accounts.map((a, i) => (i === 1 ? { ...a, name: 'Ünïcødé — 東京 👋' } : a));
    const packed = packDashboardData({ ...portfolio, accounts: named });
    expect(unpacked(packed).accounts).toEqual(named);
    const segment = column(packed, 'accounts', 'segment');
    expect([segment.distinct.length, segment.at.constructor]).toEqual([new Set(named.map((a) => a.segment)).size, Uint8Array]);
    // Readings of more distinct ids and adoptions than one byte, then two, can count.
    const many = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: `r${i}`, accountId: named[i % 3]!.id, date: '2026-02-01', adoptionPct: (i % 300) / 3 }));
    for (const [count, idRows, adoptionRows] of [
      [1_000, Uint16Array, Uint16Array],
      [70_000, Uint32Array, Uint16Array],
    ] as const) {
      const snapshots = many(count);
      const wide = packDashboardData({ ...portfolio, snapshots });
      expect([column(wide, 'snapshots', 'id').at.constructor, column(wide, 'snapshots', 'adoptionPct').at.constructor]).toEqual([
        idRows,
        adoptionRows,
      ]);
      expect(unpacked(wide).snapshots).toEqual(snapshots);
    }
  });

  it('gives, for a filter that selects accounts, those accounts and their records, and with them the same figures', () => {
    // Records of an account the list does not hold, which belong to no filter's accounts.
    const withStrays: DashboardData = {
      ...portfolio,
      snapshots: [...portfolio.snapshots, { ...portfolio.snapshots[0]!, id: 'zzz-stray', accountId: 'acc_gone' }],
      commitments: [...portfolio.commitments, { ...portfolio.commitments[0]!, id: 'zzz-stray', accountId: 'acc_gone' }],
    };
    const packed = packDashboardData(withStrays);
    const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
    const whole = preparePortfolio(unpacked(packed), settings.healthWeights, NOW);
    const people = (field: 'ownerAe' | 'csm') => [...new Set(portfolio.accounts.flatMap((a) => a[field] ?? []))];
    const year = lastDays(NOW, 365);
    const filters: DashboardFilter[] = [
      ...people('ownerAe').map((ownerAe) => ({ ...year, ownerAe })),
      ...people('csm').map((csm) => ({ ...lastDays(NOW, 90), csm })),
      ...(['smb', 'mid-market', 'enterprise'] as const).map((segment) => ({ ...year, segment })),
      { ...year, segment: 'enterprise', ownerAe: people('ownerAe')[0]!, csm: people('csm')[1]! },
      { ...year, ownerAe: 'Nobody Here' },
    ];
    let selectedSome = 0;
    for (const filter of filters) {
      const narrow = unpackedOf(packed, filter);
      const ids = new Set(narrow.accounts.map((a) => a.id));
      const all = new Set(withStrays.accounts.map((a) => a.id));
      const theirs = (accountId: string | null) => accountId === null || !all.has(accountId) || ids.has(accountId);
      expect(narrow.accounts).toEqual(
        withStrays.accounts.filter(
          (a) =>
            (filter.ownerAe === undefined || a.ownerAe === filter.ownerAe) &&
            (filter.csm === undefined || a.csm === filter.csm) &&
            (filter.segment === undefined || a.segment === filter.segment),
        ),
      );
      for (const list of ['snapshots', 'commitments', 'flags', 'handoff', 'approvals', 'arrChanges', 'firstValues'] as const) {
        expect(narrow[list], list).toEqual(withStrays[list]!.filter((r) => theirs(r.accountId)));
      }
      if (narrow.accounts.length > 0 && narrow.accounts.length < withStrays.accounts.length) selectedSome++;
      const expected = dashboardFrom(whole, settings, filter, NOW);
      const actual = dashboardFrom(preparePortfolio(narrow, settings.healthWeights, NOW), settings, filter, NOW);
      expect(actual).toEqual(expected);
      for (const list of accountLists(expected)) {
        const request = { list, offset: 0, limit: 1000 };
        expect(dashboardRows(actual, narrow.accounts, request), list).toEqual(dashboardRows(expected, whole.data.accounts, request));
      }
      // A filter that picks fewer of these accounts finds all it reads among them.
      for (const segment of filter.segment === undefined ? (['smb', 'enterprise'] as const) : []) {
        const fewer = { ...filter, segment };
        expect(dashboardFrom(preparePortfolio(narrow, settings.healthWeights, NOW), settings, fewer, NOW)).toEqual(
          dashboardFrom(whole, settings, fewer, NOW),
        );
      }
    }
    expect(selectedSome).toBeGreaterThan(10);
  });

  it('selects by a field no account holds as by one each account lacks', () => {
    const noCsm: DashboardData = { ...portfolio, accounts: portfolio.accounts.map(({ csm: _, ...a }) => a) };
    const packed = packDashboardData(noCsm);
    expect(column(packed, 'accounts', 'csm')).toBeUndefined();
    const owner = portfolio.accounts[3]!.ownerAe!;
    const year = lastDays(NOW, 365);
    expect(unpackedOf(packed, { ...year, csm: portfolio.accounts[3]!.csm! }).accounts).toEqual([]);
    expect(unpackedOf(packed, { ...year, ownerAe: owner }).accounts).toEqual(noCsm.accounts.filter((a) => a.ownerAe === owner));
    expect(unpackedOf(packed, { ...year, ownerAe: owner, segment: 'enterprise' }).accounts).toEqual(
      noCsm.accounts.filter((a) => a.ownerAe === owner && a.segment === 'enterprise'),
    );
  });

  it('gives, of the first accounts, those accounts and the records that belong to them, to none or to one not in the list', () => {
    const withStray: DashboardData = {
      ...portfolio,
      commitments: [...portfolio.commitments, { ...portfolio.commitments[0]!, id: 'zzz-stray', accountId: 'acc_gone' }],
    };
    const packed = packDashboardData(withStray);
    const reader = packedReader(packed);
    const all = new Set(withStray.accounts.map((a) => a.id));
    for (const count of [0, 1, 7, withStray.accounts.length, withStray.accounts.length + 5]) {
      const first = drain(reader.readFirstInSteps(count));
      if (!first.success) throw new Error(`${first.field}: ${first.message}`);
      const ids = new Set(withStray.accounts.slice(0, count).map((a) => a.id));
      expect(first.data.accounts).toEqual(withStray.accounts.slice(0, count));
      for (const list of ['snapshots', 'commitments', 'flags', 'handoff', 'approvals', 'arrChanges', 'firstValues'] as const) {
        const theirs = withStray[list]!.filter((r) => r.accountId === null || !all.has(r.accountId) || ids.has(r.accountId));
        expect(first.data[list], `${list} of ${count}`).toEqual(theirs);
      }
      expect(first.data.commitments.map((c) => c.id)).toContain('zzz-stray');
    }
    // A bad value in a record of the first account is refused by its row; the same value in a later account's is not read.
    const later = withStray.snapshots.findIndex((s) => s.accountId === withStray.accounts[9]!.id);
    const ofFirst = withStray.snapshots.findIndex((s) => s.accountId === withStray.accounts[0]!.id);
    for (const row of [ofFirst, later]) {
      const tampered = copy(packed);
      setStored(tampered, 'snapshots', 'date', row, -1);
      const read = drain(packedReader(tampered).readFirstInSteps(1));
      if (row === ofFirst) expect(read).toMatchObject({ success: false, field: `snapshots[${row}].date` });
      else expect(read.success).toBe(true);
    }
  });

  it('reads one record for filter after filter, then whole, each read as it alone would be, a bad value refused by whichever read meets it', () => {
    const packed = packDashboardData(portfolio);
    const people = (field: 'ownerAe' | 'csm') => [...new Set(portfolio.accounts.flatMap((a) => a[field] ?? []))];
    const year = lastDays(NOW, 365);
    const filters: (DashboardFilter | undefined)[] = [
      ...people('ownerAe').map((ownerAe) => ({ ...year, ownerAe })),
      ...people('csm').map((csm) => ({ ...year, csm })),
      { ...year, segment: 'smb' },
      undefined,
    ];
    fc.assert(
      // The read ahead made whole, not at all, or its first steps before the reads and the rest after them.
      fc.property(fc.shuffledSubarray(filters, { minLength: 2 }), fc.option(fc.nat(40)), (order, aheadSteps) => {
        const reader = packedReader(copy(packed));
        const ahead = reader.readAheadInSteps();
        for (let step = 0; aheadSteps !== null && step < aheadSteps && !ahead.next().done; step++);
        for (const filter of order) expect(reader.read(filter)).toEqual(unpackDashboardData(packed, filter));
        while (aheadSteps !== null && !ahead.next().done);
        expect(reader.read(order[0])).toEqual(unpackDashboardData(packed, order[0]));
      }),
      { numRuns: 20 },
    );
    // A name only one owner's account holds made absent: that owner's read, and the whole, refuse it after the reads
    // ahead and another owner's passed; so does the first row's, which the reads ahead check.
    const [first, second] = people('ownerAe');
    for (const row of [portfolio.accounts.findIndex((a) => a.ownerAe === second), 0]) {
      const tampered = copy(packed);
      setStored(tampered, 'accounts', 'name', row, -1);
      const reader = packedReader(tampered);
      drain(reader.readAheadInSteps());
      const theirs = { ...year, ownerAe: portfolio.accounts[row]!.ownerAe! };
      const another = { ...year, ownerAe: theirs.ownerAe === first ? second! : first! };
      expect(reader.read(another).success).toBe(true);
      expect(reader.read(theirs)).toMatchObject({ success: false, field: `accounts[${row}].name` });
      expect(reader.read()).toMatchObject({ success: false, field: `accounts[${row}].name` });
      expect(reader.read(another).success).toBe(true);
    }
  });

  it('reads in steps, a column at a time, what one read gives, and a read made between two steps as it alone would be', () => {
    const packed = packDashboardData(portfolio);
    const columns = Object.values(packed.lists).reduce((n, list) => n + (list?.columns.length ?? 0), 0);
    const owners = [...new Set(portfolio.accounts.flatMap((a) => a.ownerAe ?? []))];
    fc.assert(
      // Rows made a few fields at a time take steps of their own, between which a read is made too.
      fc.property(fc.nat({ max: columns * 8 }), fc.constantFrom(...owners), fc.constantFrom(undefined, 40), (between, ownerAe, cellsPerStep) => {
        const reader = packedReader(copy(packed), { cellsPerStep });
        const steps = reader.readInSteps();
        const filter = { ...lastDays(NOW, 365), ownerAe };
        let taken = 0;
        for (;;) {
          if (taken === between) expect(reader.read(filter)).toEqual(unpackDashboardData(packed, filter));
          const step = steps.next();
          if (step.done) {
            expect(step.value).toEqual(unpackDashboardData(packed));
            break;
          }
          taken++;
        }
        // A portfolio this small makes each list's rows in one step by default.
        if (cellsPerStep === undefined) expect(taken).toBe(columns);
        else expect(taken).toBeGreaterThan(columns * 2);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses packed inputs with a value that does not parse, naming the record and field', () => {
    const packed = packDashboardData(portfolio);
    const refusal = (tamper: (p: PackedDashboardData) => void) => {
      const p = copy(packed);
      tamper(p);
      const result = unpackDashboardData(p);
      return result.success ? null : result.field;
    };
    const status = column(packed, 'commitments', 'status');
    expect(
      refusal((p) => {
        (p.strings as unknown[])[status.distinct[status.at[3]!]!] = 'lost';
      }),
    ).toMatch(/^commitments\[\d+\]\.status$/);
    expect(refusal((p) => setStored(p, 'snapshots', 'adoptionPct', 4, 150))).toBe('snapshots[4].adoptionPct');
    expect(refusal((p) => setStored(p, 'accounts', 'name', 1, -1))).toBe('accounts[1].name');
    expect(refusal((p) => setStored(p, 'accounts', 'segment', 2, p.strings.length))).toBe('accounts[2].segment');
    expect(refusal((p) => (column(p, 'accounts', 'segment').at[5] = 255))).toBe('accounts[5].segment');
    expect(refusal((p) => setStored(p, 'flags', 'resolved', 0, status.distinct[0]!))).toBe('flags[0].resolved');
    // A string that is none, and strings that are not a list.
    expect(refusal((p) => ((p.strings as unknown[])[column(p, 'accounts', 'name').distinct[column(p, 'accounts', 'name').at[1]!]!] = 7))).toBe(
      'accounts[1].name',
    );
    expect(refusal((p) => Object.assign(p, { strings: { 0: 'acc_1' } }))).toBe('strings');
    expect(
      refusal((p) => {
        p.lists.accounts.columns = p.lists.accounts.columns.filter((c) => c.field !== 'name');
      }),
    ).toBe('accounts.name');
    expect(
      refusal((p) => {
        const arr = column(p, 'accounts', 'arr');
        arr.at = arr.at.slice(1);
      }),
    ).toBe('accounts.arr');
    expect(
      refusal((p) => {
        p.lists.flags.columns.push({ field: 'secret', kind: 'text', distinct: Int32Array.of(-1), at: new Uint8Array(p.lists.flags.rows) });
      }),
    ).toBe('flags.secret');
    // A value zod's own length check throws on (it cannot compare the length it holds) is refused like any other.
    const accountId = column(packed, 'commitments', 'accountId');
    expect(accountId.kind).toBe('json');
    expect(
      refusal((p) => {
        setStored(p, 'commitments', 'accountId', 2, p.strings.length);
        (p.strings as unknown[]).push('{"length":{"valueOf":1,"toString":1}}');
      }),
    ).toBe('commitments[2].accountId');
    // A rule across fields: a churn cannot raise ARR, whatever each value alone says.
    const churn = portfolio.arrChanges.findIndex((c) => c.id === 'zzz-after');
    expect(refusal((p) => setStored(p, 'arrChanges', 'delta', churn, 10))).toBe(`arrChanges[${churn}].delta`);
    // An older build's record.
    expect(refusal((p) => Object.assign(p, { format: 1 }))).toBe('format');
    expect(
      unpackDashboardData({
        ...packed,
        lists: { ...packed.lists, accounts: { rows: 1, columns: [{ field: 'id', kind: 'text', distinct: [0], at: Uint8Array.of(0) }] } },
      }),
    ).toMatchObject({
      success: false,
      field: 'lists.accounts.columns.0.distinct',
    });
  });
});
