import type { RecordKind } from '../domain/crm-record';
import { isHex24, page, seg, site, type Examples } from './util';

const TYPES: Record<string, [string, RecordKind]> = { companies: ['company', 'account'], users: ['user', 'contact'] };

export const intercom = site({
  platform: 'intercom',
  label: 'Intercom',
  matches: ['https://app.intercom.com/*', 'https://app.eu.intercom.com/*', 'https://app.au.intercom.com/*'],
  host: /^app\.(?:eu\.|au\.)?intercom\.com$/,
  read(u, doc) {
    // /a/apps/<app>/companies/<id>/… ; the inbox (/a/inbox/…) is not a record page.
    const [a, apps, app, type, id] = seg(u);
    const t = TYPES[type ?? ''];
    return a == 'a' && apps == 'apps' && app && t && isHex24(id)
      ? page(
          { objectType: t[0], kind: t[1], recordId: id.toLowerCase(), tenant: app.toLowerCase() },
          doc,
          '[data-testid="profile-name"]',
          '[data-testid="profile-website"] a',
        )
      : null;
  },
});

const H = 'app.intercom.com';
const ID = '64f1a2b3c4d5e6f708192a3b';
const ref = (host: string, objectType: string, kind: RecordKind, recordId: string) => ({
  platform: 'intercom' as const,
  host,
  tenant: 'q7x2kd9m',
  objectType,
  kind,
  recordId,
});

export const examples: Examples = /* @__PURE__ */ (() => ({
  positive: [
    { url: `https://${H}/a/apps/q7x2kd9m/companies/${ID}`, ref: ref(H, 'company', 'account', ID) },
    { url: `https://${H}/a/apps/q7x2kd9m/companies/${ID}/users`, ref: ref(H, 'company', 'account', ID) },
    {
      url: `https://${H}/a/apps/q7x2kd9m/users/5e1c0f2a9b8d7c6e5f4a3b2c/all-conversations`,
      ref: ref(H, 'user', 'contact', '5e1c0f2a9b8d7c6e5f4a3b2c'),
    },
    { url: `https://app.eu.intercom.com/a/apps/q7x2kd9m/companies/${ID}`, ref: ref('app.eu.intercom.com', 'company', 'account', ID) },
  ],
  negative: [
    `https://${H}/a/apps/q7x2kd9m/home`,
    `https://${H}/a/inbox/q7x2kd9m/inbox/shared/all/conversation/12345`,
    `https://${H}/a/apps/q7x2kd9m/companies/segments/active`,
    `https://${H}/a/apps/q7x2kd9m/users/segments/all-users`,
    `https://${H}/a/apps/q7x2kd9m/reports/overview`,
    `https://${H}/a/apps/q7x2kd9m/settings/general`,
    `https://www.intercom.com/a/apps/q7x2kd9m/companies/${ID}`,
    `http://${H}/a/apps/q7x2kd9m/companies/${ID}`,
    `https://app.intercom.com.evil.example/a/apps/q7x2kd9m/companies/${ID}`,
    `https://evil-intercom.com/a/apps/q7x2kd9m/companies/${ID}`,
  ],
}))();
