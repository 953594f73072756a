import type { RecordKind } from '../domain/crm-record';
import { page, seg, site, type Examples, type Hit } from './util';

const AL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The 18-character form of a Salesforce id. The 3-character suffix encodes,
 * per 5-character chunk, which characters are upper case; Classic URLs carry
 * the 15-character form and Lightning the 18, so both must meet here. An 18
 * character id is re-cased from its own suffix, which repairs ids that passed
 * through case-insensitive tools. Returns null for anything that is not an id.
 */
export function sfId18(id: string): string | null {
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-5]{3})?$/.test(id)) return null;
  const long = id.length > 15;
  let out = '';
  let sfx = '';
  for (let c = 0; c < 3; c++) {
    const bits = long ? AL.indexOf(id[15 + c]!.toUpperCase()) : 0;
    let calc = 0;
    for (let i = 0; i < 5; i++) {
      let ch = id[c * 5 + i]!;
      if (long) {
        const up = (bits >> i) & 1;
        if (up && !/[a-z]/i.test(ch)) return null;
        ch = up ? ch.toUpperCase() : ch.toLowerCase();
      }
      if (ch >= 'A' && ch <= 'Z') calc |= 1 << i;
      out += ch;
    }
    sfx += AL[calc];
  }
  return out + sfx;
}

// Standard objects by key prefix, for URLs that carry only the id.
const PREFIX: Record<string, string> = {
  '001': 'Account',
  '003': 'Contact',
  '006': 'Opportunity',
  '00Q': 'Lead',
  '500': 'Case',
  '800': 'Contract',
  '801': 'Order',
  '701': 'Campaign',
  '005': 'User',
  '02i': 'Asset',
  '00T': 'Task',
  '00U': 'Event',
};
// Reports, dashboards, list views and folders have ids too but are not customer records.
const NOT_RECORD = /^(00O|01Z|00B|00l)/;
const KIND: Record<string, RecordKind> = { Account: 'account', Opportunity: 'deal', Contact: 'contact', Lead: 'contact', Case: 'ticket' };

function hit(raw: string | undefined, objectType: string | undefined, doc?: Document): Hit | null {
  const id = raw && sfId18(raw);
  if (!id || NOT_RECORD.test(id)) return null;
  const type = objectType && /^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(objectType) ? objectType : (PREFIX[id.slice(0, 3)] ?? id.slice(0, 3));
  return page(
    { objectType: type, kind: KIND[type] ?? 'other', recordId: id },
    doc,
    'records-highlights2 h1 slot[name="primaryField"], h2.pageDescription',
    'records-highlights2 lightning-formatted-url a, #acc12_ileinner a',
  );
}

// Classic detail pages are the bare id as the whole path; a digit run keeps
// 15-letter words out.
const classic = (p: string, doc?: Document) => {
  const s = p.split('/').filter(Boolean);
  return s.length == 1 && /\d{3}/.test(s[0]!) ? hit(s[0], undefined, doc) : null;
};

function read(u: URL, doc?: Document): Hit | null {
  const s = seg(u);
  if (s[0] == 'lightning' && s[1] == 'r') {
    // /lightning/r/<Object>/<id>/view|edit|related/... or /lightning/r/<id>/view
    return sfId18(s[2] ?? '') ? hit(s[2], undefined, doc) : hit(s[3], s[2], doc);
  }
  if (s[0] == 'one' && s[1] == 'one.app') {
    // Legacy one.app routes: #/sObject/<id>/view, or a base64 JSON component descriptor.
    const h = u.hash.slice(1);
    const m = /^\/sObject\/([a-zA-Z0-9]{15,18})\b/.exec(h);
    if (m) return hit(m[1], undefined, doc);
    try {
      const r = JSON.parse(atob(decodeURIComponent(h))) as { attributes?: { recordId?: unknown; objectApiName?: unknown } };
      const a = r.attributes;
      return typeof a?.recordId == 'string' ? hit(a.recordId, typeof a.objectApiName == 'string' ? a.objectApiName : undefined, doc) : null;
    } catch {
      return null;
    }
  }
  // Classic Service Console keeps the record path in the hash: /console#%2F001...
  if (s[0] == 'console' && s.length == 1) return classic(decodeURIComponent(u.hash.slice(1)), doc);
  return classic(u.pathname, doc);
}

export const salesforce = site({
  platform: 'salesforce',
  label: 'Salesforce',
  matches: [
    // *.salesforce.com also covers legacy instance hosts (na45.salesforce.com),
    // which no narrower pattern can express.
    'https://*.salesforce.com/*',
    'https://*.lightning.force.com/*',
    'https://*.my.salesforce.mil/*',
    'https://*.lightning.crmforce.mil/*',
  ],
  // My Domain hosts incl. enhanced-domain sandboxes and dev/scratch orgs, the
  // .mil government cloud, and legacy instance hosts. Experience Cloud sites
  // (*.my.site.com, *.force.com) are customer portals, not the CRM.
  host: /^(?:[a-z0-9-]+(?:\.(?:sandbox|develop|scratch|patch|demo|trailblaze|free))?\.(?:my\.salesforce\.com|lightning\.force\.com|my\.salesforce\.mil|lightning\.crmforce\.mil)|(?:na|eu|ap|cs|um|gs|usa)\d{1,3}\.salesforce\.com)$/,
  read,
});

const SF = 'acme.lightning.force.com';
const ref = (host: string, objectType: string, kind: RecordKind, recordId: string) => ({
  platform: 'salesforce' as const,
  host,
  objectType,
  kind,
  recordId,
});
const northwind = (host: string) => ref(host, 'Account', 'account', '001Dn00000NwLgXIAV');

export const examples: Examples = /* @__PURE__ */ (() => ({
  positive: [
    { url: `https://${SF}/lightning/r/Account/001Dn00000NwLgXIAV/view`, ref: northwind(SF) },
    { url: `https://${SF}/lightning/r/Account/001Dn00000NwLgX/view`, ref: northwind(SF) },
    { url: `https://${SF}/lightning/r/Account/001Dn00000NwLgXIAV/related/Contacts/view`, ref: northwind(SF) },
    { url: `https://${SF}/lightning/r/001Dn00000NwLgXIAV/view`, ref: northwind(SF) },
    {
      url: `https://${SF}/lightning/r/Account/001Dn00000NwLgXIAV/view?ws=%2Flightning%2Fr%2FCase%2F5005j00000AbCdEAAV%2Fview`,
      ref: northwind(SF),
    },
    { url: `https://${SF}/lightning/r/Opportunity/006Dn00000RnW26IAF/view`, ref: ref(SF, 'Opportunity', 'deal', '006Dn00000RnW26IAF') },
    { url: `https://${SF}/lightning/r/Contact/0035000000VALDtAAP/view`, ref: ref(SF, 'Contact', 'contact', '0035000000VALDtAAP') },
    { url: `https://${SF}/lightning/r/Lead/00Q5j00000AbCdEEAV/view`, ref: ref(SF, 'Lead', 'contact', '00Q5j00000AbCdEEAV') },
    { url: `https://${SF}/lightning/r/Case/5005j00000XyZaB/view`, ref: ref(SF, 'Case', 'ticket', '5005j00000XyZaBAAV') },
    { url: `https://${SF}/lightning/r/Renewal__c/a0X5j00000AbCdE/view`, ref: ref(SF, 'Renewal__c', 'other', 'a0X5j00000AbCdEEAV') },
    { url: 'https://acme.my.salesforce.com/001Dn00000NwLgX', ref: northwind('acme.my.salesforce.com') },
    { url: 'https://acme.my.salesforce.com/0015000000VALDt', ref: ref('acme.my.salesforce.com', 'Account', 'account', '0015000000VALDtAAP') },
    {
      url: 'https://acme.my.salesforce.com/006Dn00000RnW26?srPos=0',
      ref: ref('acme.my.salesforce.com', 'Opportunity', 'deal', '006Dn00000RnW26IAF'),
    },
    { url: 'https://acme.my.salesforce.com/console#%2F001Dn00000NwLgX', ref: northwind('acme.my.salesforce.com') },
    { url: 'https://na45.salesforce.com/001Dn00000NwLgX', ref: northwind('na45.salesforce.com') },
    {
      url: 'https://acme--uat.sandbox.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view',
      ref: northwind('acme--uat.sandbox.lightning.force.com'),
    },
    { url: 'https://acme--uat.sandbox.my.salesforce.com/001Dn00000NwLgX', ref: northwind('acme--uat.sandbox.my.salesforce.com') },
    {
      url: 'https://acme-dev-ed.develop.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view',
      ref: northwind('acme-dev-ed.develop.lightning.force.com'),
    },
    { url: 'https://army.lightning.crmforce.mil/lightning/r/Account/001Dn00000NwLgXIAV/view', ref: northwind('army.lightning.crmforce.mil') },
    { url: 'https://army.my.salesforce.mil/001Dn00000NwLgX', ref: northwind('army.my.salesforce.mil') },
    { url: 'https://acme.my.salesforce.com/one/one.app#/sObject/001Dn00000NwLgXIAV/view', ref: northwind('acme.my.salesforce.com') },
    {
      // base64 of {"componentDef":"force:recordHome","attributes":{"recordId":"001Dn00000NwLgXIAV","objectApiName":"Account"}}
      url: 'https://acme.my.salesforce.com/one/one.app#eyJjb21wb25lbnREZWYiOiJmb3JjZTpyZWNvcmRIb21lIiwiYXR0cmlidXRlcyI6eyJyZWNvcmRJZCI6IjAwMURuMDAwMDBOd0xnWElBViIsIm9iamVjdEFwaU5hbWUiOiJBY2NvdW50In19',
      ref: northwind('acme.my.salesforce.com'),
    },
  ],
  negative: [
    `https://${SF}/lightning/page/home`,
    `https://${SF}/lightning/o/Account/list?filterName=Recent`,
    `https://${SF}/lightning/o/Opportunity/pipelineInspection`,
    `https://${SF}/lightning/r/Report/00O5j000004AbCdEAK/view`,
    `https://${SF}/lightning/r/Dashboard/01Z5j000000AbCdEAC/view`,
    `https://${SF}/lightning/setup/SetupOneHome/home`,
    `https://${SF}/lightning/setup/ObjectManager/Account/Details/view`,
    `https://${SF}/one/one.app#/alohaRedirect/apex/SomePage`,
    `https://${SF}/lightning/search?searchInput=northwind`,
    `https://${SF}/lightning/r/Account/not-an-id/view`,
    'https://acme.my.salesforce.com/001/o',
    'https://acme.my.salesforce.com/00O5j000004AbCd',
    'https://acme.my.salesforce.com/home/home.jsp',
    'https://acme.my.salesforce.com/setup/forcecomHomepage.apexp',
    'https://acme.my.salesforce.com/_ui/search/ui/UnifiedSearchResults?str=northwind',
    'https://acme.my.site.com/s/account/001Dn00000NwLgXIAV/northwind',
    'https://acme.force.com/001Dn00000NwLgX',
    'https://www.salesforce.com/001Dn00000NwLgX',
    'https://help.salesforce.com/s/articleView?id=000384755',
    `http://${SF}/lightning/r/Account/001Dn00000NwLgXIAV/view`,
    'https://salesforce.com.evil.example/lightning/r/Account/001Dn00000NwLgXIAV/view',
    'https://evil-salesforce.com/lightning/r/Account/001Dn00000NwLgXIAV/view',
    'https://acme.lightning.force.com.evil.example/lightning/r/Account/001Dn00000NwLgXIAV/view',
    'https://acmelightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view',
  ],
}))();
