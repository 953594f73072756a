import type { RecordKind } from '../domain/crm-record';
import { isHex24, page, seg, site, type Examples } from './util';

const TYPES: Record<string, [string, RecordKind]> = {
  companies: ['company', 'account'],
  company: ['company', 'account'],
  endusers: ['enduser', 'contact'],
  opportunities: ['opportunity', 'deal'],
};

export const planhat = site({
  platform: 'planhat',
  label: 'Planhat',
  // Tenants on other hosts add them as user sites (custom domain for Planhat).
  matches: ['https://*.planhat.com/*'],
  host: /^app(?:[.-][a-z0-9]+)?\.planhat\.com$/,
  read(u, doc) {
    // …/<companies|endusers|…>/<24-hex id>, optionally after a tenant slug, in the path or a hash route.
    const s = [...seg(u), ...u.hash.replace(/^#!?/, '').split(/[/?]/)];
    for (let i = 0; i < s.length - 1; i++) {
      const t = TYPES[s[i]!];
      const id = s[i + 1];
      if (t && isHex24(id))
        return page({ objectType: t[0], kind: t[1], recordId: id.toLowerCase() }, doc, '[data-ph="profile-name"]', '[data-ph="profile-website"] a');
    }
    return null;
  },
});

const H = 'app.planhat.com';
const ID = '65a1b2c3d4e5f60718293a4b';
const ref = (host: string, objectType: string, kind: RecordKind, recordId: string) => ({
  platform: 'planhat' as const,
  host,
  objectType,
  kind,
  recordId,
});

export const examples: Examples = /* @__PURE__ */ (() => ({
  positive: [
    { url: `https://${H}/acme/companies/${ID}`, ref: ref(H, 'company', 'account', ID) },
    { url: `https://${H}/acme/companies/${ID}/overview`, ref: ref(H, 'company', 'account', ID) },
    { url: `https://${H}/companies/${ID}`, ref: ref(H, 'company', 'account', ID) },
    { url: `https://${H}/acme/#/profile/company/${ID}`, ref: ref(H, 'company', 'account', ID) },
    { url: `https://${H}/acme/endusers/65a1b2c3d4e5f60718293aff`, ref: ref(H, 'enduser', 'contact', '65a1b2c3d4e5f60718293aff') },
    { url: `https://app.eu.planhat.com/acme/companies/${ID}`, ref: ref('app.eu.planhat.com', 'company', 'account', ID) },
  ],
  negative: [
    `https://${H}/acme`,
    `https://${H}/acme/companies`,
    `https://${H}/acme/companies/list`,
    `https://${H}/acme/dashboards/65a1b2c3d4e5f60718293a4b`,
    `https://${H}/acme/settings`,
    `https://www.planhat.com/companies/${ID}`,
    `http://${H}/acme/companies/${ID}`,
    `https://app.planhat.com.evil.example/acme/companies/${ID}`,
    `https://evil-planhat.com/acme/companies/${ID}`,
  ],
}))();
