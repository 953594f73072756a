import type { RecordKind } from '../domain/crm-record';
import { sfId18 } from './salesforce';
import { page, param, site, type Examples, type Hit } from './util';

const NAME = '[data-testid="cs360-header-name"]';
const WEB = '[data-testid="cs360-header-website"] a';

export const gainsight = site({
  platform: 'gainsight',
  label: 'Gainsight',
  matches: ['https://*.gainsightcloud.com/*'],
  host: /^(?!companyapi\.)[a-z0-9-]+\.gainsightcloud\.com$/,
  read(u, doc) {
    // The 360 views live at /v1/ui/<view>?cid=…, and in-app navigation also
    // routes them through the hash (#/customersuccess360?cid=…).
    const view =
      /\/v1\/ui\/(customersuccess360|relationship360)$/i.exec(u.pathname)?.[1] ?? /^#\/?(customersuccess360|relationship360)\b/i.exec(u.hash)?.[1];
    if (!view) return null;
    let hit: Hit | null = null;
    const gsid = (k: string) => {
      const v = param(u, k)?.toUpperCase();
      return v && /^[0-9A-Z]{20,40}$/.test(v) ? v : null;
    };
    if (/^relationship/i.test(view)) {
      const rid = gsid('rid');
      if (rid) hit = { objectType: 'relationship', kind: 'account', recordId: rid };
    } else {
      const cid = gsid('cid');
      // C360 opened from Salesforce carries the Salesforce account id instead.
      const aid = sfId18(param(u, 'aid') ?? '');
      if (cid) hit = { objectType: 'company', kind: 'account', recordId: cid };
      else if (aid) hit = { objectType: 'salesforceAccount', kind: 'account', recordId: aid };
    }
    return hit && page(hit, doc, NAME, WEB);
  },
});

const H = 'acme.gainsightcloud.com';
const CID = '1P02ZBH3Y5KS3FZ4UYNWDMS7E5JH2PCJ68VW';
const RID = '1P05VZ8Q0D2M4XK7T3HNYRB6WC1L9JE5AFGU';
const ref = (host: string, objectType: string, kind: RecordKind, recordId: string) => ({
  platform: 'gainsight' as const,
  host,
  objectType,
  kind,
  recordId,
});

export const examples: Examples = /* @__PURE__ */ (() => ({
  positive: [
    { url: `https://${H}/v1/ui/customersuccess360?cid=${CID}`, ref: ref(H, 'company', 'account', CID) },
    { url: `https://${H}/v1/ui/customersuccess360?cid=${CID}#/4d7a91b3-0c1e-4f55-9b6a-2e8c7d3f1a20`, ref: ref(H, 'company', 'account', CID) },
    { url: `https://${H}/v1/ui/customersuccess360?aid=001Dn00000NwLgX`, ref: ref(H, 'salesforceAccount', 'account', '001Dn00000NwLgXIAV') },
    { url: `https://${H}/v1/ui/Relationship360?rid=${RID}`, ref: ref(H, 'relationship', 'account', RID) },
    { url: `https://${H}/v1/ui/home#/customersuccess360?cid=${CID}`, ref: ref(H, 'company', 'account', CID) },
    {
      url: `https://demo-acme.gainsightcloud.com/v1/ui/customersuccess360?cid=${CID}`,
      ref: ref('demo-acme.gainsightcloud.com', 'company', 'account', CID),
    },
  ],
  negative: [
    `https://${H}/v1/ui/home`,
    `https://${H}/v1/ui/cockpit#/list`,
    `https://${H}/v1/ui/customersuccess360`,
    `https://${H}/v1/ui/customersuccess360?cid=`,
    `https://${H}/v1/ui/customersuccess360?aid=not-an-id`,
    `https://${H}/v1/ui/reporting#/report/123`,
    `https://${H}/v1/ui/adminlanding`,
    `http://${H}/v1/ui/customersuccess360?cid=${CID}`,
    `https://gainsightcloud.com.evil.example/v1/ui/customersuccess360?cid=${CID}`,
    `https://evil-gainsightcloud.com/v1/ui/customersuccess360?cid=${CID}`,
  ],
}))();
