import type { RecordKind } from '../domain/crm-record';
import { isNum, page, seg, site, type Examples } from './util';

const TYPES: Record<string, [string, RecordKind]> = {
  organization: ['organization', 'account'],
  deal: ['deal', 'deal'],
  person: ['person', 'contact'],
};

export const pipedrive = site({
  platform: 'pipedrive',
  label: 'Pipedrive',
  matches: ['https://*.pipedrive.com/*'],
  host: /^(?!www\.|developers\.|support\.)[a-z0-9-]+\.pipedrive\.com$/,
  read(u, doc) {
    const [type, id] = seg(u);
    const t = TYPES[type ?? ''];
    return t && isNum(id)
      ? page({ objectType: t[0], kind: t[1], recordId: id }, doc, '[data-testid="header-title"]', '[data-testid="field-website"] a')
      : null;
  },
});

const H = 'acme.pipedrive.com';
const ref = (host: string, objectType: string, kind: RecordKind, recordId: string) => ({
  platform: 'pipedrive' as const,
  host,
  objectType,
  kind,
  recordId,
});

export const examples: Examples = /* @__PURE__ */ (() => ({
  positive: [
    { url: `https://${H}/organization/1042`, ref: ref(H, 'organization', 'account', '1042') },
    { url: `https://${H}/organization/1042/`, ref: ref(H, 'organization', 'account', '1042') },
    { url: `https://${H}/deal/77`, ref: ref(H, 'deal', 'deal', '77') },
    { url: `https://${H}/person/9001?tab=activity`, ref: ref(H, 'person', 'contact', '9001') },
  ],
  negative: [
    `https://${H}/`,
    `https://${H}/pipeline/1/user/everyone`,
    `https://${H}/organizations/list/user/everyone`,
    `https://${H}/deals/list`,
    `https://${H}/organization/`,
    `https://${H}/organization/abc`,
    `https://${H}/settings/personal`,
    `https://${H}/progress/insights/list`,
    `https://www.pipedrive.com/organization/1042`,
    `http://${H}/organization/1042`,
    `https://pipedrive.com.evil.example/organization/1042`,
    `https://evil-pipedrive.com/organization/1042`,
  ],
}))();
