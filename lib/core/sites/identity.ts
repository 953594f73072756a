// What identifies a CRM record, for the local store and the team backend
// alike: its platform, the tenant it lives in (the CRM organisation or
// account, which each platform spells its own way) and its record id,
// normalised. The host alone is not the tenant (one Salesforce org answers on
// its Lightning, Classic and setup hosts), nor can it be left out (two Zendesk
// or Pipedrive subdomains can both have a record 123).
import type { CrmRecordRef } from '../domain/crm-record';
import { sfId18 } from './salesforce';

// A Salesforce org's My Domain name is the first label of every host it
// answers on: acme.lightning.force.com, acme.my.salesforce.com,
// acme.my.salesforce-setup.com; a sandbox is an org of its own
// (acme--uat.sandbox.my.salesforce.com). Pre-My-Domain instance hosts
// (na12.salesforce.com) are shared, so the host is all there is.
const SF_MY_DOMAIN =
  /^([a-z0-9-]+)\.(?:(?:sandbox|develop|scratch|patch|demo|trailblaze|free)\.)?(?:my\.salesforce(?:-setup)?\.com|lightning\.force\.com|my\.salesforce\.mil|lightning\.crmforce\.mil)$/;

/**
 * The tenant a record belongs to, or null when a record stored before tenants
 * were recorded cannot tell (HubSpot's portal and Intercom's app are in the
 * page address, not the host).
 */
export function tenantOf(ref: Pick<CrmRecordRef, 'platform' | 'host' | 'tenant'>): string | null {
  if (ref.tenant) return ref.tenant.toLowerCase();
  const host = ref.host.toLowerCase();
  switch (ref.platform) {
    case 'salesforce':
      return SF_MY_DOMAIN.exec(host)?.[1] ?? host;
    case 'hubspot':
    case 'intercom':
      return null;
    default:
      // Dynamics: the org host; Zendesk, Pipedrive, Gainsight, Vitally,
      // ChurnZero, Planhat: the subdomain, which is the host less a fixed
      // suffix; in-house tools and custom domains: the configured host.
      return host;
  }
}

/** The record id as the platform means it: Salesforce's 15-character ids are the same records as their 18-character forms. */
export function normalRecordId(ref: Pick<CrmRecordRef, 'platform' | 'recordId'>): string {
  return ref.platform === 'salesforce' ? (sfId18(ref.recordId) ?? ref.recordId) : ref.recordId;
}

/** The one key a CRM record is matched by. A record whose tenant is unknown gets "?" and is matched by its legacy key too. */
export function recordIdentity(ref: Pick<CrmRecordRef, 'platform' | 'host' | 'tenant' | 'recordId'>): string {
  return `${ref.platform}|${tenantOf(ref) ?? '?'}|${normalRecordId(ref)}`;
}

/** The key of the same record as stored before its tenant was known: what a link made then is found by. */
export function legacyIdentity(ref: Pick<CrmRecordRef, 'platform' | 'recordId'>): string {
  return `${ref.platform}|?|${normalRecordId(ref)}`;
}
