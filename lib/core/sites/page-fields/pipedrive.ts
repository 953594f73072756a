import { bySelector, type FieldMap } from '../fields';

// Detail views list fields in the sidebar with `data-test="<field key>"` on
// each row and the value in `.fieldValue`; keys are Pipedrive's default
// organization and deal fields.
const field = (key: string) => bySelector(`[data-test="${key}"] .fieldValue`);

const FIELDS: Record<string, FieldMap> = {
  organization: {
    arr: field('annual_revenue'),
    employeeCount: field('employee_count'),
    industry: field('industry'),
    region: field('address_country'),
    ownerAe: field('owner_id'),
  },
  deal: {
    accountName: field('org_id'),
    arr: field('value'),
    ownerAe: field('user_id'),
    closeDate: field('expected_close_date'),
    stage: field('stage_id'),
  },
};

export const pipedriveFields = (record: { objectType: string }): FieldMap | undefined => FIELDS[record.objectType];
