import { bySelector, first, type FieldMap } from '../fields';

// Unified Interface forms mark each control with
// `data-id="<logical name>.fieldControl-<control>"` (the adapter reads the
// website the same way); a lookup shows its chosen record as a tag. The
// header repeats some fields as `header_<logical name>…`, read as a fallback.
const control = (name: string) =>
  first(
    bySelector(`[data-id^="${name}.fieldControl-"]:is(input, select, textarea)`),
    bySelector(`[data-id^="header_${name}.fieldControl-"]:is(input, select)`),
  );
const lookup = (name: string) =>
  first(
    bySelector(`[data-id="${name}.fieldControl-LookupResultsDropdown_${name}_selected_tag_text"]`),
    bySelector(`[data-id="header_${name}.fieldControl-LookupResultsDropdown_${name}_selected_tag_text"]`),
  );

const FIELDS: Record<string, FieldMap> = {
  account: {
    arr: control('revenue'),
    employeeCount: control('numberofemployees'),
    industry: control('industrycode'),
    region: control('address1_country'),
    ownerAe: lookup('ownerid'),
    type: control('customertypecode'),
  },
  opportunity: {
    accountName: lookup('parentaccountid'),
    arr: control('estimatedvalue'),
    ownerAe: lookup('ownerid'),
    closeDate: control('estimatedclosedate'),
    stage: control('salesstagecode'),
  },
};

export const dynamics365Fields = (record: { objectType: string }): FieldMap | undefined => FIELDS[record.objectType];
