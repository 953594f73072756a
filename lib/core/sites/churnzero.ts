import type { RecordKind } from '../domain/crm-record';
import { page, site, type Examples } from './util';

const TYPES: Record<string, [string, RecordKind]> = {
  accounts: ['account', 'account'],
  customers: ['account', 'account'],
  contacts: ['contact', 'contact'],
};

export const churnzero = site({
  platform: 'churnzero',
  label: 'ChurnZero',
  matches: ['https://*.churnzero.net/*'],
  // app.churnzero.net and regional (eu1app.…) or tenant-prefixed app hosts.
  host: /^(?:[a-z0-9-]+\.)?(?:[a-z]{2}\d)?app\.churnzero\.net$/,
  read(u, doc) {
    // A hash-routed app: the record is in #/accounts/<id>.
    const [type, id] = u.hash.replace(/^#!?\/?/, '').split(/[/?]/);
    const t = TYPES[type ?? ''];
    return t && id && /^[A-Za-z0-9-]{1,64}$/.test(id)
      ? page({ objectType: t[0], kind: t[1], recordId: id }, doc, '[data-cz="account-name"]', '[data-cz="account-website"] a')
      : null;
  },
});

const H = 'app.churnzero.net';
const ref = (host: string, objectType: string, kind: RecordKind, recordId: string) => ({
  platform: 'churnzero' as const,
  host,
  objectType,
  kind,
  recordId,
});

export const examples: Examples = /* @__PURE__ */ (() => ({
  positive: [
    { url: `https://${H}/#/accounts/458812`, ref: ref(H, 'account', 'account', '458812') },
    { url: `https://${H}/#/accounts/458812/overview`, ref: ref(H, 'account', 'account', '458812') },
    { url: `https://${H}/#/customers/458812`, ref: ref(H, 'account', 'account', '458812') },
    { url: `https://${H}/#/contacts/99120?tab=events`, ref: ref(H, 'contact', 'contact', '99120') },
    { url: 'https://eu1app.churnzero.net/#/accounts/458812', ref: ref('eu1app.churnzero.net', 'account', 'account', '458812') },
  ],
  negative: [
    `https://${H}/`,
    `https://${H}/#/`,
    `https://${H}/#/accounts`,
    `https://${H}/#/home`,
    `https://${H}/#/segments/123`,
    `https://${H}/accounts/458812`,
    'https://analytics.churnzero.net/#/accounts/458812',
    `http://${H}/#/accounts/458812`,
    `https://app.churnzero.net.evil.example/#/accounts/458812`,
    `https://evil-churnzero.net/#/accounts/458812`,
  ],
}))();
