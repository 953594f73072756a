import type { CrmRecordRef } from '../domain/crm-record';
import type { UserSite } from '../domain/user-site';
import { churnzero } from './churnzero';
import { dynamics365 } from './dynamics365';
import { gainsight } from './gainsight';
import { hubspot } from './hubspot';
import { intercom } from './intercom';
import { pipedrive } from './pipedrive';
import { planhat } from './planhat';
import { salesforce } from './salesforce';
import { detectUserSite } from './user';
import type { SiteAdapter } from './util';
import { vitally } from './vitally';
import { zendesk } from './zendesk';

export type { SiteAdapter } from './util';
export { sfId18 } from './salesforce';

export const ADAPTERS: SiteAdapter[] = [salesforce, hubspot, dynamics365, gainsight, pipedrive, zendesk, intercom, vitally, churnzero, planhat];

/**
 * The CRM record a page shows, or null. Runs on every navigation in the
 * content script against arbitrary URLs and page DOMs, so it never throws.
 */
export function detectRecord(url: string | URL, doc?: Document, userSites?: UserSite[]): CrmRecordRef | null {
  try {
    const u = new URL(url);
    for (const a of ADAPTERS) {
      const r = a.detect(u, doc);
      if (r) return r;
    }
    return userSites?.length ? detectUserSite(u, doc, userSites, ADAPTERS) : null;
  } catch {
    return null;
  }
}
