import type { DashboardView } from '../../lib/core/domain/dashboard';
import { focusRing, humanize, safeHref } from '../ui';
import { DataTable, type Drill } from './parts';

const REASON_WORDS: Record<string, string> = {
  'open-flag': 'open misalignment flag',
  'roadmap-gap': 'undelivered roadmap-gap promise',
  'icp-outside': 'outside the ICP',
};

/** The accounts behind one number, in the order the number lists them. */
export function AccountsTable({ dashboard, drill }: { dashboard: DashboardView; drill: Drill }) {
  const byId = new Map(dashboard.alignment.accounts.map((a) => [a.accountId, a]));
  const rows = drill.accountIds.map((id) => {
    const a = byId.get(id);
    if (!a) return [id, null, null, null, null, null, 'not among the accounts the filter selects'];
    const reasons = [
      ...a.misalignmentReasons.map((r) => REASON_WORDS[r] ?? r),
      ...(a.needsApproval ? ['needs ICP approval'] : []),
      ...(a.churned ? ['churned'] : []),
    ];
    return [
      a.name,
      `${a.arr} ${a.currency}`,
      a.ownerAe,
      a.csm,
      humanize(a.icpBand),
      a.healthScore === null ? null : `${a.healthScore} (${humanize(a.healthBand ?? '')})`,
      reasons.join('; ') || null,
    ];
  });
  // The account opens its CRM record in a new tab when it has an address.
  const cells = drill.accountIds.map((id, i) => {
    const href = safeHref(dashboard.crmUrls[id]);
    const name = rows[i]![0];
    return [
      href ? (
        <a
          key="name"
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={`${name ?? ''}, opens the CRM record in a new tab`}
          className={`rounded text-indigo-800 underline underline-offset-2 dark:text-indigo-200 ${focusRing}`}
        >
          {name}
        </a>
      ) : (
        name
      ),
    ];
  });
  const slug =
    drill.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'accounts';
  return (
    <DataTable
      caption={`${drill.accountIds.length} accounts`}
      filename={`${slug}.csv`}
      header={['Account', 'ARR', 'Owner AE', 'CSM', 'ICP band', 'Health', 'Reasons']}
      rows={rows}
      cells={cells}
    />
  );
}
