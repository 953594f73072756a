import { useQuery } from '@tanstack/react-query';
import type { Account } from '../../lib/core/domain/account';
import type { Commitment } from '../../lib/core/domain/commitment';
import type { RiskFlag } from '../../lib/core/domain/risk-flag';
import { useData } from '../app/DataContext';
import { unassignedQuery } from '../app/queries';
import { useWrite } from '../app/useWrite';
import { SuggestionPrompt } from '../shared/SuggestionPrompt';
import { Button, Card, ErrorBanner, Muted } from '../ui';
import { COMMITMENT_KIND_LABELS, RISK_CATEGORY_LABELS, SEVERITY_LABELS } from '../shared/labels';
import { SourceQuote } from './SourceQuote';

type Assign = { type: 'commitment'; item: Commitment } | { type: 'flag'; item: RiskFlag };

/** Captures made on pages that were not a record, offered to the account on screen. */
export function UnassignedCard({ account }: { account: Account }) {
  const { client, source } = useData();
  const query = useQuery(unassignedQuery(client, source));
  const assign = useWrite<Assign>((c, a) =>
    a.type === 'commitment'
      ? c.updateCommitment(a.item.id, { accountId: account.id }, a.item.version)
      : c.updateFlag(a.item.id, { accountId: account.id }, a.item.version),
  );
  const data = query.data;
  const total = (data?.commitments.length ?? 0) + (data?.flags.length ?? 0);
  if (!data || total === 0) {
    return query.error ? (
      <Card title="Unassigned captures">
        <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />
      </Card>
    ) : null;
  }
  const button = (a: Assign) => (
    <Button className="mt-1" disabled={assign.isPending} onClick={() => assign.mutate(a)}>
      Assign to {account.name}
    </Button>
  );
  return (
    <Card title={`Unassigned captures (${total})`}>
      <Muted>Captured on pages that were not a record. Which account does each belong to?</Muted>
      {assign.error != null && <ErrorBanner error={assign.error} />}
      <ul>
        {data.commitments.map((c) => (
          <li key={`c-${c.id}`} className="border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-700">
            <p className="text-sm text-slate-900 dark:text-slate-50">
              <span className="font-medium">Commitment ({COMMITMENT_KIND_LABELS[c.kind]}):</span> {c.text}
            </p>
            <SourceQuote quote={c.sourceQuote} url={c.sourceUrl} title={c.sourceTitle} />
            <SuggestionPrompt commitment={c} />
            {button({ type: 'commitment', item: c })}
          </li>
        ))}
        {data.flags.map((f) => (
          <li key={`f-${f.id}`} className="border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-700">
            <p className="text-sm text-slate-900 dark:text-slate-50">
              <span className="font-medium">
                Risk flag ({SEVERITY_LABELS[f.severity]} {RISK_CATEGORY_LABELS[f.category]})
              </span>
            </p>
            <SourceQuote quote={f.quote} url={f.url} title={f.pageTitle} />
            {button({ type: 'flag', item: f })}
          </li>
        ))}
      </ul>
    </Card>
  );
}
