import type { RecordKind } from '../domain/crm-record';
import { isUuid, page, param, site, type Examples } from './util';

const KIND: Record<string, RecordKind> = { account: 'account', opportunity: 'deal', contact: 'contact', lead: 'contact', incident: 'ticket' };
// The legacy web client names the entity by type code instead of logical name.
const CODE: Record<string, string> = { '1': 'account', '2': 'contact', '3': 'opportunity', '4': 'lead', '112': 'incident' };

export const dynamics365 = site({
  platform: 'dynamics365',
  label: 'Dynamics 365',
  matches: ['https://*.dynamics.com/*'],
  // <org>.crm.dynamics.com and the regional crm2..crmNN hosts.
  host: /^[a-z0-9-]+\.crm\d{0,2}\.dynamics\.com$/,
  read(u, doc) {
    if (!/\/main\.aspx$/i.test(u.pathname) || param(u, 'pagetype')?.toLowerCase() != 'entityrecord') return null;
    const etn = (param(u, 'etn') ?? CODE[param(u, 'etc') ?? ''] ?? '').toLowerCase();
    // Ids appear bare, in braces, or with the braces percent-encoded; the parser decodes those.
    const id = (param(u, 'id') ?? '').replace(/^\{|\}$/g, '').toLowerCase();
    if (!/^[a-z_][a-z0-9_]{0,63}$/.test(etn) || !isUuid(id)) return null;
    return page(
      { objectType: etn, kind: KIND[etn] ?? 'other', recordId: id },
      doc,
      'h1[data-id="header_title"]',
      '[data-id="websiteurl.fieldControl-url-text-input"]',
    );
  },
});

const H = 'contoso.crm4.dynamics.com';
const APP = 'appid=3c5e9f5b-1d2a-4f6e-8b7c-0a1b2c3d4e5f';
const ID = '5f1c2b7e-8d3a-4e6f-9a0b-1c2d3e4f5a6b';
const ref = (host: string, objectType: string, kind: RecordKind, recordId = ID) => ({
  platform: 'dynamics365' as const,
  host,
  objectType,
  kind,
  recordId,
});

export const examples: Examples = /* @__PURE__ */ (() => ({
  positive: [
    { url: `https://${H}/main.aspx?${APP}&pagetype=entityrecord&etn=account&id=${ID}`, ref: ref(H, 'account', 'account') },
    { url: `https://${H}/main.aspx?etn=account&id=%7B${ID.toUpperCase()}%7D&pagetype=entityrecord&${APP}`, ref: ref(H, 'account', 'account') },
    { url: `https://${H}/main.aspx?pagetype=entityrecord&etn=opportunity&id={${ID}}`, ref: ref(H, 'opportunity', 'deal') },
    { url: `https://${H}/main.aspx?${APP}&forceUCI=1&pagetype=entityrecord&etn=contact&id=${ID}`, ref: ref(H, 'contact', 'contact') },
    { url: `https://${H}/main.aspx?pagetype=entityrecord&etn=incident&id=${ID}`, ref: ref(H, 'incident', 'ticket') },
    { url: `https://${H}/main.aspx?etc=1&id=%7b${ID}%7d&pagetype=entityrecord`, ref: ref(H, 'account', 'account') },
    { url: `https://${H}/main.aspx?pagetype=entityrecord&etn=new_project&id=${ID}`, ref: ref(H, 'new_project', 'other') },
    {
      url: `https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=${ID}`,
      ref: ref('contoso.crm.dynamics.com', 'account', 'account'),
    },
    {
      url: `https://contoso.crm11.dynamics.com/main.aspx?pagetype=EntityRecord&etn=account&id=${ID}`,
      ref: ref('contoso.crm11.dynamics.com', 'account', 'account'),
    },
  ],
  negative: [
    `https://${H}/main.aspx?${APP}`,
    `https://${H}/main.aspx?${APP}&pagetype=entitylist&etn=account&viewid=00000000-0000-0000-00aa-000010001002`,
    `https://${H}/main.aspx?${APP}&pagetype=dashboard&id=${ID}`,
    `https://${H}/main.aspx?${APP}&pagetype=entityrecord&etn=account`,
    `https://${H}/main.aspx?${APP}&pagetype=entityrecord&etn=account&id=not-a-guid`,
    `https://${H}/apps`,
    `https://${H}/main.aspx?settingsonly=true`,
    `http://${H}/main.aspx?pagetype=entityrecord&etn=account&id=${ID}`,
    `https://contoso.operations.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=${ID}`,
    `https://crm4.dynamics.com.evil.example/main.aspx?pagetype=entityrecord&etn=account&id=${ID}`,
    `https://evil-dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=${ID}`,
  ],
}))();
