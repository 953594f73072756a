import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AccountDraft, AccountSummary, ResolveResult } from '../../lib/core/model';
import type { CrmRecordRef } from '../../lib/core/domain/crm-record';
import type { Segment } from '../../lib/core/domain/account';
import { accountDraftFromPage, readFieldText, type PageValues, type UnreadableValue } from '../../lib/core/domain/page-values';
import type { PageFieldsReply } from '../../lib/core/messages/to-background';
import { useData } from '../app/DataContext';
import { accountsQuery } from '../app/queries';
import { useWrite } from '../app/useWrite';
import { Button, Card, ErrorBanner, formatDate, formatMoney, Muted, SelectField, TextField } from '../ui';
import { SEGMENT_LABELS, toOptions } from '../shared/labels';
import { PageIcpCard } from './IcpCard';
import { PAGE_FIELD_LABELS, usePageFields } from './page-fields';

const linkOf = (r: CrmRecordRef) => ({ platform: r.platform, host: r.host, objectType: r.objectType, kind: r.kind, recordId: r.recordId });

function AccountChoice({ account, onPick, pending }: { account: AccountSummary; onPick: () => void; pending: boolean }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 py-1.5 first:border-t-0 dark:border-slate-700">
      <span className="min-w-0 text-sm text-slate-900 dark:text-slate-100">
        <span className="font-medium break-words">{account.name}</span>
        <span className="block text-xs text-slate-600 dark:text-slate-400">
          {[account.websiteDomain, SEGMENT_LABELS[account.segment], formatMoney(account.arr, account.currency)].filter(Boolean).join(' · ')}
        </span>
      </span>
      <Button disabled={pending} onClick={onPick} aria-label={`Link to ${account.name}`}>
        Link
      </Button>
    </li>
  );
}

type Reading = Extract<PageFieldsReply, { ok: true }>;

function shown(field: keyof PageValues, values: PageValues): string {
  const v = values[field];
  if (v === undefined) return '';
  if (typeof v === 'object') return v.currency ? formatMoney(v.amount, v.currency) : v.amount.toLocaleString();
  return field === 'closeDate' ? formatDate(String(v)) : String(v);
}

/** What the page showed, as read: the person sees where each prefilled value came from, and what could not be read and why. */
function PageReading({ reading }: { reading: Reading }) {
  const read = (Object.keys(reading.values) as (keyof PageValues)[]).filter((f) => reading.values[f] !== undefined);
  if (read.length === 0 && reading.unreadable.length === 0) return <Muted>The page shows none of the fields Seamline reads.</Muted>;
  return (
    <div className="mt-2" aria-label="Read from this page" role="group">
      <h3 className="text-xs font-semibold text-slate-800 dark:text-slate-200">Read from this page</h3>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-xs text-slate-800 dark:text-slate-200">
        {read.map((f) => (
          <div key={f} className="contents">
            <dt className="text-slate-600 dark:text-slate-400">{PAGE_FIELD_LABELS[f]}</dt>
            <dd className="break-words">{shown(f, reading.values)}</dd>
          </div>
        ))}
        {reading.unreadable.map((u) => (
          <div key={u.field} className="contents">
            <dt className="text-slate-600 dark:text-slate-400">{PAGE_FIELD_LABELS[u.field]}</dt>
            <dd className="break-words text-amber-900 dark:text-amber-200">
              unreadable: the page shows “{u.text}” ({u.reason})
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

const FORM_FIELDS = ['arr', 'employeeCount', 'industry', 'region', 'ownerAe'] as const;
type FormField = (typeof FORM_FIELDS)[number];

/** The text a value is prefilled with: plain, so what the person edits reads back the same. */
function prefill(draft: ReturnType<typeof accountDraftFromPage>): Record<FormField, string> {
  return {
    arr: draft.arr ? String(draft.arr.amount) : '',
    employeeCount: draft.employeeCount === undefined ? '' : String(draft.employeeCount),
    industry: draft.industry ?? '',
    region: draft.region ?? '',
    ownerAe: draft.ownerAe ?? '',
  };
}

function hintFor(field: FormField, fromPage: boolean, unreadable: UnreadableValue[]): string | undefined {
  const u = unreadable.find((x) => x.field === field);
  if (u) return `Not filled in: the page shows “${u.text}” (${u.reason}).`;
  return fromPage ? 'From the CRM page; correct it if it is wrong.' : undefined;
}

function CreateForm({
  record,
  reading,
  pending,
  onCancel,
  onCreate,
}: {
  record: CrmRecordRef;
  reading: Reading | null;
  pending: boolean;
  onCancel: () => void;
  onCreate: (draft: AccountDraft) => void;
}) {
  const draft = accountDraftFromPage(record, reading?.values ?? {});
  const unreadable = reading?.unreadable ?? [];
  // On a deal page the record's name is the deal's: the account's comes from the page or the person.
  const [name, setName] = useState(record.kind === 'account' ? (record.name ?? draft.name) : draft.name);
  const [domain, setDomain] = useState(record.websiteDomain ?? '');
  const [segment, setSegment] = useState<Segment>('mid-market');
  const initial = prefill(draft);
  const [fields, setFields] = useState(initial);
  const [currency, setCurrency] = useState(draft.arr?.currency ?? 'USD');
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const set = (f: FormField) => (e: { target: { value: string } }) => setFields((x) => ({ ...x, [f]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    const out: Partial<AccountDraft> = {};
    const problems: Partial<Record<FormField, string>> = {};
    for (const f of FORM_FIELDS) {
      const text = fields[f].trim();
      if (!text) continue;
      const read = readFieldText(f, text);
      if (!read.ok) problems[f] = `Cannot read “${text}”: ${read.reason}.`;
      else if (f === 'arr') {
        const money = read.value as { amount: number; currency?: string };
        out.arr = money.amount;
        if (money.currency && money.currency !== currency.trim().toUpperCase())
          problems.arr = `The amount is in ${money.currency}; set the currency to match.`;
      } else Object.assign(out, { [f]: read.value });
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    onCreate({
      name: name.trim(),
      websiteDomain: domain.trim() || undefined,
      segment,
      arr: out.arr ?? 0,
      currency: currency.trim().toUpperCase() || 'USD',
      employeeCount: out.employeeCount,
      industry: out.industry,
      region: out.region,
      ownerAe: out.ownerAe,
      lifecycleStage: 'onboarding',
      crmRefs: [],
    });
  };

  return (
    <form onSubmit={submit} className="space-y-2" aria-label="Create account from this page">
      {reading && <PageReading reading={reading} />}
      <TextField label="Account name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      <TextField label="Website domain" maxLength={253} value={domain} onChange={(e) => setDomain(e.target.value)} />
      <SelectField label="Segment" value={segment} onChange={(e) => setSegment(e.target.value as Segment)} options={toOptions(SEGMENT_LABELS)} />
      {FORM_FIELDS.map((f) => (
        <div key={f}>
          <TextField
            label={PAGE_FIELD_LABELS[f]}
            maxLength={200}
            value={fields[f]}
            onChange={set(f)}
            aria-invalid={errors[f] ? true : undefined}
            hint={errors[f] ?? hintFor(f, initial[f] !== '', unreadable)}
          />
          {f === 'arr' && <TextField label="Currency" maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value)} />}
        </div>
      ))}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending || !name.trim()}>
          Create and link
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

/** The record on screen matches no account (or several): pick one, or create it from the page. */
export function LinkRecord({ record, resolution }: { record: CrmRecordRef; resolution: Extract<ResolveResult, { status: 'not-linked' }> }) {
  const { client, source } = useData();
  // null until the person searches: a deal's own name would find the deal,
  // not its account, so its search starts from the account the page names.
  const [search, setSearch] = useState<string | null>(record.kind === 'account' ? (record.name ?? '') : null);
  const [submitted, setSubmitted] = useState<string | null>(record.kind === 'account' ? (record.name ?? '') : null);
  const [creating, setCreating] = useState(false);
  const page = usePageFields([record.platform, record.host, record.recordId]);
  const reading = page.data?.ok && page.data.record.recordId === record.recordId ? page.data : null;

  const pageAccount = reading?.values.accountName ?? '';
  const searchText = search ?? pageAccount;
  const query = submitted ?? pageAccount;
  const link = useWrite((c, accountId: string) => c.linkRecord(accountId, linkOf(record)));
  const create = useWrite(async (c, draft: AccountDraft) => {
    const account = await c.createAccount(draft);
    return c.linkRecord(account.id, linkOf(record));
  });

  const results = useQuery({ ...accountsQuery(client, source, { search: query, limit: 20 }), enabled: query.trim() !== '' });

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(searchText.trim());
  };
  const pending = link.isPending || create.isPending;
  const error = link.error ?? create.error ?? results.error;

  return (
    <>
      <Card title="This record is not linked to an account">
        <Muted>
          {resolution.reason === 'ambiguous'
            ? 'Several accounts match this record. Pick the right one; Seamline never guesses.'
            : 'No account matches this record yet.'}
          {record.name ? ` The page calls it “${record.name}”.` : ''}
        </Muted>
        {error != null && <ErrorBanner error={error} />}
        {resolution.candidates.length > 0 && (
          <div className="mt-2">
            <h3 className="text-xs font-semibold text-slate-800 dark:text-slate-200">Possible matches</h3>
            <ul aria-label="Possible matches">
              {resolution.candidates.map((a) => (
                <AccountChoice key={a.id} account={a} pending={pending} onPick={() => link.mutate(a.id)} />
              ))}
            </ul>
          </div>
        )}
        <form onSubmit={onSearch} role="search" className="mt-3 flex items-end gap-2">
          <div className="min-w-0 flex-1">
            <TextField label="Link to account…" type="search" maxLength={200} value={searchText} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <Button type="submit">Search</Button>
        </form>
        {results.data && (
          <div aria-live="polite">
            {results.data.items.length === 0 ? (
              <Muted>No accounts match “{query}”.</Muted>
            ) : (
              <ul aria-label="Search results">
                {results.data.items.map((a) => (
                  <AccountChoice key={a.id} account={a} pending={pending} onPick={() => link.mutate(a.id)} />
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="mt-3 border-t border-slate-200 pt-2 dark:border-slate-700">
          {creating && page.isLoading ? (
            <Muted>Reading the page…</Muted>
          ) : creating ? (
            <>
              {page.data && !page.data.ok && page.data.reason !== 'no-record' && <Muted>Nothing was read from the page: {page.data.message}</Muted>}
              {page.error != null && <Muted>Nothing was read from the page: {page.error.message}</Muted>}
              <CreateForm
                record={record}
                reading={reading}
                pending={pending}
                onCancel={() => setCreating(false)}
                onCreate={(d) => create.mutate(d)}
              />
            </>
          ) : (
            <Button variant="primary" onClick={() => setCreating(true)}>
              Create account from this page
            </Button>
          )}
        </div>
      </Card>
      {reading && <PageIcpCard reading={reading} />}
    </>
  );
}
