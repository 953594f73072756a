import { bySelector, first, textOf, type FieldMap, type Reader } from '../fields';

/**
 * A field in a Lightning record layout, by its API name: layout items carry
 * `data-target-selection-name="sfdc:RecordField.<Object>.<Field>"`, and the
 * value sits in `.test-id__field-value` beside the label and edit button. A
 * lookup (an owner) reads only its link, not the buttons next to it.
 */
const lightningField = (object: string, field: string, lookup = false): Reader =>
  bySelector(`[data-target-selection-name="sfdc:RecordField.${object}.${field}"] .test-id__field-value`, lookup ? 'a' : undefined);

/** A field on a Classic detail page: a `labelCol` cell with the English label, its value in the `dataCol` cell after it. */
const classicField =
  (label: string, lookup = false): Reader =>
  (doc) => {
    for (const cell of doc.querySelectorAll('td.labelCol')) {
      if ((cell.firstChild?.textContent ?? '').trim() !== label) continue;
      const data = cell.nextElementSibling;
      if (!data?.classList.contains('dataCol')) continue;
      const v = textOf(lookup ? data.querySelector('a') : data);
      if (v) return v;
    }
  };

// Standard fields only: custom fields (an ARR__c) differ per org.
const FIELDS: Record<string, FieldMap> = {
  Account: {
    arr: first(lightningField('Account', 'AnnualRevenue'), classicField('Annual Revenue')),
    employeeCount: first(lightningField('Account', 'NumberOfEmployees'), classicField('Employees')),
    industry: first(lightningField('Account', 'Industry'), classicField('Industry')),
    region: first(lightningField('Account', 'BillingCountry'), classicField('Billing Country')),
    ownerAe: first(lightningField('Account', 'OwnerId', true), classicField('Account Owner', true)),
    type: first(lightningField('Account', 'Type'), classicField('Type')),
  },
  Opportunity: {
    accountName: first(lightningField('Opportunity', 'AccountId', true), classicField('Account Name', true)),
    arr: first(lightningField('Opportunity', 'Amount'), classicField('Amount')),
    ownerAe: first(lightningField('Opportunity', 'OwnerId', true), classicField('Opportunity Owner', true)),
    type: first(lightningField('Opportunity', 'Type'), classicField('Type')),
    closeDate: first(lightningField('Opportunity', 'CloseDate'), classicField('Close Date')),
    stage: first(lightningField('Opportunity', 'StageName'), classicField('Stage')),
  },
};

export const salesforceFields = (record: { objectType: string }): FieldMap | undefined => FIELDS[record.objectType];
