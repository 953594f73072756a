import type { BuiltinPlatform, CrmRecordRef } from '../../domain/crm-record';
import { readFields, type FieldMap, type PageFieldText } from '../fields';
import { dynamics365Fields } from './dynamics365';
import { hubspotFields } from './hubspot';
import { churnzeroFields, gainsightFields, intercomFields, planhatFields, vitallyFields, zendeskFields } from './labelled';
import { pipedriveFields } from './pipedrive';
import { salesforceFields } from './salesforce';

type Record_ = Pick<CrmRecordRef, 'platform' | 'objectType' | 'kind'>;

// Kept apart from the adapters so the content script, which detects records
// on every page, never carries them: the background injects them on demand.
const MAPS: Record<BuiltinPlatform, (record: Record_) => FieldMap | undefined> = {
  salesforce: salesforceFields,
  hubspot: hubspotFields,
  dynamics365: dynamics365Fields,
  pipedrive: pipedriveFields,
  // The customer-success apps show one kind of record with fields: the account.
  gainsight: (r) => (r.kind === 'account' ? gainsightFields : undefined),
  vitally: (r) => (r.kind === 'account' ? vitallyFields : undefined),
  churnzero: (r) => (r.kind === 'account' ? churnzeroFields : undefined),
  planhat: (r) => (r.kind === 'account' ? planhatFields : undefined),
  intercom: (r) => (r.kind === 'account' ? intercomFields : undefined),
  zendesk: (r) => (r.kind === 'account' ? zendeskFields : undefined),
};

/**
 * The fields the page shows for a record detected on it, as text: what the
 * record's platform maps, nothing guessed. Run when the panel asks, never on
 * page load. Records on a user's in-house tool have no map (their pages
 * follow no convention), and read nothing. Never throws.
 */
export function readRecordFields(record: Record_, doc: Document): PageFieldText {
  try {
    const map = Object.hasOwn(MAPS, record.platform) ? MAPS[record.platform as BuiltinPlatform](record) : undefined;
    return map ? readFields(doc, map) : {};
  } catch {
    return {};
  }
}
