import { byLabel, type FieldMap } from '../fields';

/**
 * Customer-success apps (Gainsight, Vitally, ChurnZero, Planhat, Intercom,
 * Zendesk) show account attributes as label–value pairs whose markup names
 * no field, and whose attributes are largely the customer's own. The map
 * reads the standard English labels only, one list per Seamline field; a
 * label the app does not show reads nothing.
 */
export type Labels = Partial<Record<keyof FieldMap, string[]>>;

export function labelledFields(labelSelector: string, labels: Labels): FieldMap {
  const map: FieldMap = {};
  for (const [field, names] of Object.entries(labels) as [keyof FieldMap, string[]][]) map[field] = byLabel(labelSelector, names);
  return map;
}

const ARR = ['ARR', 'Annual recurring revenue'];
const EMPLOYEES = ['Employees', 'Employee count', 'Number of employees'];
const INDUSTRY = ['Industry'];
const REGION = ['Region', 'Country'];
// What every customer-success app here shows of the account by these labels.
const ACCOUNT_BASICS: Labels = { arr: ARR, employeeCount: EMPLOYEES, industry: INDUSTRY, region: REGION };

// Gainsight's Company object: ARR and Employees are standard fields; its
// owner field is the CSM, not the account executive.
export const gainsightFields = labelledFields('[data-testid="cs360-attribute-label"]', ACCOUNT_BASICS);

// Vitally tracks MRR natively; ARR and the rest are traits the team names.
export const vitallyFields = labelledFields('[data-testid="trait-label"]', {
  ...ACCOUNT_BASICS,
  ownerAe: ['Account Executive', 'Account owner'],
});

export const churnzeroFields = labelledFields('[data-cz="field-label"]', {
  ...ACCOUNT_BASICS,
  ownerAe: ['Account Executive', 'Sales Rep'],
});

// Planhat's "Owner" is the CSM, so no owner is read.
export const planhatFields = labelledFields('[data-ph="field-label"]', ACCOUNT_BASICS);

// Intercom's "Monthly spend" is monthly, not annual, and is not read as ARR.
export const intercomFields = labelledFields('[data-testid="attribute-label"]', {
  employeeCount: ['Company size', ...EMPLOYEES],
  industry: INDUSTRY,
});

// Zendesk organizations have no revenue or size of their own; teams add them as organization fields.
export const zendeskFields = labelledFields('[data-test-id="record-field-label"]', ACCOUNT_BASICS);
