import type { RecordKind } from '../domain/crm-record';
import { page, seg, site, type Examples } from './util';

const TYPES: Record<string, [string, RecordKind]> = {
  accounts: ['account', 'account'],
  organizations: ['organization', 'account'],
  users: ['user', 'contact'],
};

export const vitally = site({
  platform: 'vitally',
  label: 'Vitally',
  matches: ['https://*.vitally.io/*'],
  host: /^(?!www\.|docs\.|rest\.)[a-z0-9-]+\.vitally\.io$/,
  read(u, doc) {
    const [type, id] = seg(u);
    const t = TYPES[type ?? ''];
    return t && id && /^[a-z0-9][a-z0-9-]{7,63}$/i.test(id)
      ? page({ objectType: t[0], kind: t[1], recordId: id.toLowerCase() }, doc, '[data-testid="account-name"]', '[data-testid="account-domain"]')
      : null;
  },
});

const H = 'acme.vitally.io';
const ID = '3b0f6a2e-1c4d-4e8f-9a7b-2d5c6e1f0a93';
const ref = (host: string, objectType: string, kind: RecordKind, recordId: string) => ({
  platform: 'vitally' as const,
  host,
  objectType,
  kind,
  recordId,
});

export const examples: Examples = /* @__PURE__ */ (() => ({
  positive: [
    { url: `https://${H}/accounts/${ID}`, ref: ref(H, 'account', 'account', ID) },
    { url: `https://${H}/accounts/${ID}/notes`, ref: ref(H, 'account', 'account', ID) },
    {
      url: `https://${H}/organizations/9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d`,
      ref: ref(H, 'organization', 'account', '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'),
    },
    { url: `https://${H}/users/0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d`, ref: ref(H, 'user', 'contact', '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d') },
  ],
  negative: [
    `https://${H}/`,
    `https://${H}/accounts`,
    `https://${H}/hubs/customers/views/all`,
    `https://${H}/tasks`,
    `https://${H}/settings/integrations`,
    `https://www.vitally.io/accounts/${ID}`,
    `http://${H}/accounts/${ID}`,
    `https://vitally.io.evil.example/accounts/${ID}`,
    `https://evil-vitally.io/accounts/${ID}`,
  ],
}))();
