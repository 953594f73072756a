import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AccountSummary, ResolveResult } from '../../lib/core/model';
import type { CrmRecordRef } from '../../lib/core/domain/crm-record';
import type { Segment } from '../../lib/core/domain/account';
import { useData } from '../app/DataContext';
import { accountsQuery } from '../app/queries';
import { useWrite } from '../app/useWrite';
import { Button, Card, ErrorBanner, formatMoney, humanize, Muted, SelectField, TextField } from '../ui';

const linkOf = (r: CrmRecordRef) => ({ platform: r.platform, host: r.host, objectType: r.objectType, kind: r.kind, recordId: r.recordId });

function AccountChoice({ account, onPick, pending }: { account: AccountSummary; onPick: () => void; pending: boolean }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 py-1.5 first:border-t-0 dark:border-slate-700">
      <span className="min-w-0 text-sm text-slate-900 dark:text-slate-100">
        <span className="font-medium break-words">{account.name}</span>
        <span className="block text-xs text-slate-600 dark:text-slate-400">
          {[account.websiteDomain, humanize(account.segment), formatMoney(account.arr, account.currency)].filter(Boolean).join(' · ')}
        </span>
      </span>
      <Button disabled={pending} onClick={onPick} aria-label={`Link to ${account.name}`}>
        Link
      </Button>
    </li>
  );
}

/** The record on screen matches no account (or several): pick one, or create it from the page. */
export function LinkRecord({ record, resolution }: { record: CrmRecordRef; resolution: Extract<ResolveResult, { status: 'not-linked' }> }) {
  const { client, source } = useData();
  const [search, setSearch] = useState(record.name ?? '');
  const [submitted, setSubmitted] = useState(record.name ?? '');
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState(record.name ?? '');
  const [domain, setDomain] = useState(record.websiteDomain ?? '');
  const [segment, setSegment] = useState<Segment>('mid-market');
  const results = useQuery({ ...accountsQuery(client, source, { search: submitted, limit: 20 }), enabled: submitted.trim() !== '' });

  const link = useWrite((c, accountId: string) => c.linkRecord(accountId, linkOf(record)));
  const create = useWrite(async (c, draft: { name: string; websiteDomain?: string; segment: Segment }) => {
    const account = await c.createAccount({
      name: draft.name,
      websiteDomain: draft.websiteDomain,
      segment: draft.segment,
      arr: 0,
      lifecycleStage: 'onboarding',
      crmRefs: [],
    });
    return c.linkRecord(account.id, linkOf(record));
  });

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(search.trim());
  };
  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    create.mutate({ name: name.trim(), websiteDomain: domain.trim() || undefined, segment });
  };
  const pending = link.isPending || create.isPending;
  const error = link.error ?? create.error ?? results.error;

  return (
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
          <TextField label="Link to account…" type="search" maxLength={200} value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <Button type="submit">Search</Button>
      </form>
      {results.data && (
        <div aria-live="polite">
          {results.data.items.length === 0 ? (
            <Muted>No accounts match “{submitted}”.</Muted>
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
        {creating ? (
          <form onSubmit={onCreate} className="space-y-2" aria-label="Create account from this page">
            <TextField label="Account name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            <TextField label="Website domain" maxLength={253} value={domain} onChange={(e) => setDomain(e.target.value)} />
            <SelectField
              label="Segment"
              value={segment}
              onChange={(e) => setSegment(e.target.value as Segment)}
              options={[
                { value: 'enterprise', label: 'Enterprise' },
                { value: 'mid-market', label: 'Mid-market' },
                { value: 'smb', label: 'SMB' },
              ]}
            />
            <div className="flex gap-2">
              <Button type="submit" variant="primary" disabled={pending || !name.trim()}>
                Create and link
              </Button>
              <Button onClick={() => setCreating(false)}>Cancel</Button>
            </div>
          </form>
        ) : (
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create account from this page
          </Button>
        )}
      </div>
    </Card>
  );
}
