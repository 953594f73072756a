import { bySelector, type FieldMap } from '../fields';

// The record sidebar's "About" card renders each property with
// `data-selenium-test="property-input-<internal name>"` (the adapter reads
// the domain the same way); internal names are HubSpot's default properties.
const prop = (name: string) => bySelector(`[data-selenium-test="property-input-${name}"]`);

const FIELDS: Record<string, FieldMap> = {
  company: {
    arr: prop('annualrevenue'),
    employeeCount: prop('numberofemployees'),
    industry: prop('industry'),
    region: prop('country'),
    ownerAe: prop('hubspot_owner_id'),
    type: prop('type'),
  },
  deal: {
    arr: prop('amount'),
    ownerAe: prop('hubspot_owner_id'),
    type: prop('dealtype'),
    closeDate: prop('closedate'),
    stage: prop('dealstage'),
  },
};

export const hubspotFields = (record: { objectType: string }): FieldMap | undefined => FIELDS[record.objectType];
