import type { CrmLink } from './account';

// Where a linked record opens, for the platforms whose record address follows
// from the link alone. The others need a part the link does not keep (a
// HubSpot portal, a Dynamics app, an Intercom app, a Planhat workspace), so
// they get no address rather than a guessed one.
const PLURAL: Record<string, string> = { organization: 'organizations', account: 'accounts' };

export function crmRecordUrl(link: CrmLink): string | null {
  const id = encodeURIComponent(link.recordId);
  const host = link.host;
  switch (link.platform) {
    case 'salesforce':
      if (host.endsWith('.lightning.force.com')) return `https://${host}/lightning/r/${encodeURIComponent(link.objectType)}/${id}/view`;
      if (host.endsWith('.my.salesforce.com')) return `https://${host}/${id}`;
      return null;
    case 'gainsight':
      return `https://${host}/v1/ui/customersuccess360?cid=${id}`;
    case 'pipedrive':
      return `https://${host}/${encodeURIComponent(link.objectType)}/${id}`;
    case 'zendesk':
      return PLURAL[link.objectType] ? `https://${host}/agent/${PLURAL[link.objectType]}/${id}` : null;
    case 'vitally':
      return PLURAL[link.objectType] ? `https://${host}/${PLURAL[link.objectType]}/${id}` : null;
    case 'churnzero':
      return PLURAL[link.objectType] ? `https://${host}/#/${PLURAL[link.objectType]}/${id}` : null;
    default:
      return null;
  }
}

/** The first of an account's links that has an address, account records first. */
export function accountCrmUrl(links: readonly CrmLink[]): string | null {
  const ordered = [...links.filter((l) => l.kind === 'account'), ...links.filter((l) => l.kind !== 'account')];
  for (const l of ordered) {
    const url = crmRecordUrl(l);
    if (url) return url;
  }
  return null;
}
