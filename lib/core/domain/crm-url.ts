import type { CrmLink } from './account';

// Where a linked record opens, for the platforms whose record address follows
// from the link: HubSpot and Intercom once the link keeps its tenant (portal,
// app). The others need a part the link does not keep (a Dynamics app, a
// Planhat workspace), and so does a HubSpot or Intercom link stored before
// tenants were recorded: they get no address rather than a guessed one.
const PLURAL: Record<string, string> = { organization: 'organizations', account: 'accounts' };
const HUBSPOT_TYPE: Record<string, string> = { company: '0-2', deal: '0-3', contact: '0-1', ticket: '0-5' };
const INTERCOM_TYPE: Record<string, string> = { company: 'companies', user: 'users' };

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
    case 'hubspot': {
      const type = HUBSPOT_TYPE[link.objectType] ?? (/^2-\d{1,12}$/.test(link.objectType) ? link.objectType : null);
      return link.tenant && type ? `https://${host}/contacts/${encodeURIComponent(link.tenant)}/record/${type}/${id}` : null;
    }
    case 'intercom':
      return link.tenant && INTERCOM_TYPE[link.objectType]
        ? `https://${host}/a/apps/${encodeURIComponent(link.tenant)}/${INTERCOM_TYPE[link.objectType]}/${id}`
        : null;
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
