import type { RecordKind } from '../domain/crm-record';
import { isNum, page, seg, site, type Examples } from './util';

// HubSpot object type ids for the standard CRM objects.
const TYPES: Record<string, [string, RecordKind]> = {
  '0-1': ['contact', 'contact'],
  '0-2': ['company', 'account'],
  '0-3': ['deal', 'deal'],
  '0-5': ['ticket', 'ticket'],
};
const LEGACY: Record<string, string> = { contact: '0-1', company: '0-2', deal: '0-3', ticket: '0-5' };

export const hubspot = site({
  platform: 'hubspot',
  label: 'HubSpot',
  // Listed per data-centre host rather than *.hubspot.com, which would also
  // inject into the marketing site, the knowledge base and the status page.
  matches: ['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com', 'app-na3.hubspot.com', 'app-ap1.hubspot.com'].map(
    (h) => `https://${h}/*`,
  ),
  host: /^app(?:-(?:eu1|na2|na3|ap1))?\.hubspot\.com$/,
  read(u, doc) {
    // /contacts/<portal>/record/<typeId>/<id>[/...] and legacy /contacts/<portal>/<company|deal|contact|ticket>/<id>
    const [app, portal, a, b, c] = seg(u);
    if (app != 'contacts' || !isNum(portal)) return null;
    const typeId = a == 'record' ? b : LEGACY[a ?? ''];
    const id = a == 'record' ? c : b;
    if (!typeId || !isNum(id)) return null;
    const [objectType, kind] = TYPES[typeId] ?? (/^2-\d{1,12}$/.test(typeId) ? [typeId, 'other' as const] : []);
    return objectType && kind
      ? page(
          { objectType, kind, recordId: id, tenant: portal },
          doc,
          '[data-selenium-test="highlightTitle"]',
          '[data-selenium-test="highlightSubtitle"] a, [data-selenium-test="property-input-domain"]',
        )
      : null;
  },
});

const HS = 'app.hubspot.com';
const ref = (host: string, objectType: string, kind: RecordKind, recordId: string, tenant = '4455667') => ({
  platform: 'hubspot' as const,
  host,
  tenant,
  objectType,
  kind,
  recordId,
});

export const examples: Examples = /* @__PURE__ */ (() => ({
  positive: [
    { url: `https://${HS}/contacts/4455667/record/0-2/21004455001`, ref: ref(HS, 'company', 'account', '21004455001') },
    { url: `https://${HS}/contacts/4455667/record/0-2/21004455001/view/1`, ref: ref(HS, 'company', 'account', '21004455001') },
    { url: `https://${HS}/contacts/4455667/record/0-3/31004455003`, ref: ref(HS, 'deal', 'deal', '31004455003') },
    { url: `https://${HS}/contacts/4455667/record/0-1/551`, ref: ref(HS, 'contact', 'contact', '551') },
    { url: `https://${HS}/contacts/4455667/record/0-5/9120`, ref: ref(HS, 'ticket', 'ticket', '9120') },
    { url: `https://${HS}/contacts/4455667/record/2-1234567/88`, ref: ref(HS, '2-1234567', 'other', '88') },
    { url: `https://${HS}/contacts/4455667/company/21004455001`, ref: ref(HS, 'company', 'account', '21004455001') },
    { url: `https://${HS}/contacts/4455667/deal/31004455003/`, ref: ref(HS, 'deal', 'deal', '31004455003') },
    { url: 'https://app-eu1.hubspot.com/contacts/25500001/record/0-2/901', ref: ref('app-eu1.hubspot.com', 'company', 'account', '901', '25500001') },
    {
      url: 'https://app-na2.hubspot.com/contacts/25500001/record/0-3/902?eschref=%2F',
      ref: ref('app-na2.hubspot.com', 'deal', 'deal', '902', '25500001'),
    },
  ],
  negative: [
    `https://${HS}/`,
    `https://${HS}/home`,
    `https://${HS}/contacts/4455667/objects/0-2/views/all/list`,
    `https://${HS}/contacts/4455667/objects/0-3/views/all/board`,
    `https://${HS}/contacts/4455667/companies`,
    `https://${HS}/reports-dashboard/4455667/view/123`,
    `https://${HS}/settings/4455667/objects/companies`,
    `https://${HS}/contacts/4455667/record/0-2/`,
    `https://${HS}/contacts/4455667/record/0-9/123`,
    `https://${HS}/global-search/4455667?query=umbrella`,
    `http://${HS}/contacts/4455667/record/0-2/21004455001`,
    'https://www.hubspot.com/contacts/4455667/record/0-2/21004455001',
    'https://app.hubspot.com.evil.example/contacts/4455667/record/0-2/21004455001',
    'https://evil-hubspot.com/contacts/4455667/record/0-2/21004455001',
    'https://app-xx9.hubspot.com/contacts/4455667/record/0-2/21004455001',
  ],
}))();
