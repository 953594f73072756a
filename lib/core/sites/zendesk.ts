import type { RecordKind } from '../domain/crm-record';
import { isNum, page, seg, site, type Examples } from './util';

const TYPES: Record<string, [string, RecordKind]> = {
  organizations: ['organization', 'account'],
  tickets: ['ticket', 'ticket'],
  users: ['user', 'contact'],
};

export const zendesk = site({
  platform: 'zendesk',
  label: 'Zendesk',
  matches: ['https://*.zendesk.com/*'],
  host: /^(?!www\.|support\.|developer\.)[a-z0-9-]+\.zendesk\.com$/,
  read(u, doc) {
    const [agent, type, id] = seg(u);
    const t = TYPES[type ?? ''];
    return agent == 'agent' && t && isNum(id)
      ? page({ objectType: t[0], kind: t[1], recordId: id }, doc, '[data-test-id="record-header-name"]', '[data-test-id="record-field-domain_names"]')
      : null;
  },
});

const H = 'acme.zendesk.com';
const ref = (host: string, objectType: string, kind: RecordKind, recordId: string) => ({
  platform: 'zendesk' as const,
  host,
  objectType,
  kind,
  recordId,
});

export const examples: Examples = /* @__PURE__ */ (() => ({
  positive: [
    { url: `https://${H}/agent/organizations/360012345671`, ref: ref(H, 'organization', 'account', '360012345671') },
    { url: `https://${H}/agent/organizations/360012345671/tickets`, ref: ref(H, 'organization', 'account', '360012345671') },
    { url: `https://${H}/agent/tickets/48213`, ref: ref(H, 'ticket', 'ticket', '48213') },
    { url: `https://${H}/agent/users/380912345678/requested_tickets`, ref: ref(H, 'user', 'contact', '380912345678') },
  ],
  negative: [
    `https://${H}/agent/dashboard`,
    `https://${H}/agent/filters/360000001234`,
    `https://${H}/agent/organizations`,
    `https://${H}/agent/tickets/new/1`,
    `https://${H}/agent/search/1?q=cyberdyne`,
    `https://${H}/admin/home`,
    `https://${H}/hc/en-us/articles/360012345671`,
    `https://${H}/organizations/360012345671`,
    `https://www.zendesk.com/agent/organizations/360012345671`,
    `http://${H}/agent/organizations/360012345671`,
    `https://zendesk.com.evil.example/agent/organizations/360012345671`,
    `https://evil-zendesk.com/agent/organizations/360012345671`,
  ],
}))();
