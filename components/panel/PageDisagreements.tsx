import type { AccountContext } from '../../lib/core/model';
import type { CrmRecordRef } from '../../lib/core/domain/crm-record';
import { pageDisagreements, type ComparedField, type Disagreement } from '../../lib/core/domain/page-values';
import { useWrite } from '../app/useWrite';
import { Button, Card, ErrorBanner, formatMoney } from '../ui';
import { PAGE_FIELD_LABELS, usePageFields } from './page-fields';

function shown(field: ComparedField, v: string | number | undefined, currency: string): string {
  if (v === undefined) return 'not set';
  if (field === 'arr' && typeof v === 'number') return formatMoney(v, currency);
  return typeof v === 'number' ? v.toLocaleString() : v;
}

function Row({ d, context }: { d: Disagreement; context: AccountContext }) {
  const { account } = context;
  // Versioned: if the account changed since it was shown, the write is refused and the panel shows what won.
  const update = useWrite((c, patch: NonNullable<Disagreement['patch']>) => c.updateAccount(account.id, patch, account.version));
  const label = PAGE_FIELD_LABELS[d.field];
  return (
    <li className="border-t border-slate-200 py-1.5 text-xs text-slate-800 first:border-t-0 dark:border-slate-700 dark:text-slate-200">
      {update.error != null && <ErrorBanner error={update.error} />}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="min-w-0 break-words">
          <span className="font-medium">{label}</span>: CRM page {shown(d.field, d.page, account.currency)} · Seamline{' '}
          {shown(d.field, d.seamline, account.currency)}
          {d.note && <span className="block text-slate-600 dark:text-slate-400">{d.note}</span>}
        </span>
        {d.patch && (
          <Button
            disabled={update.isPending}
            onClick={() => update.mutate(d.patch!)}
            aria-label={`Update Seamline: ${label} to the CRM page’s value`}
          >
            Update Seamline
          </Button>
        )}
      </div>
    </li>
  );
}

/**
 * Where the CRM page the person is on and the linked account disagree, each
 * with its own update: nothing is written unless the person asks, field by
 * field. Only a page showing one of this account's records is compared.
 */
export function PageDisagreements({ context, record }: { context: AccountContext; record: CrmRecordRef }) {
  const { account } = context;
  const page = usePageFields([record.platform, record.host, record.recordId]);
  const reading = page.data?.ok && page.data.record.recordId === record.recordId ? page.data : null;
  if (!reading) return null;
  const ofThisAccount = account.crmRefs.some(
    (r) => r.platform === reading.record.platform && r.host === reading.record.host && r.recordId === reading.record.recordId,
  );
  if (!ofThisAccount) return null;
  const differences = pageDisagreements(account, reading.record.kind, reading.values);
  if (differences.length === 0) return null;
  return (
    <Card title="The CRM page says otherwise">
      <ul aria-label="Differences from the CRM page">
        {differences.map((d) => (
          <Row key={`${d.field}:${account.version}`} d={d} context={context} />
        ))}
      </ul>
    </Card>
  );
}
