import { beforeEach, describe, expect, it } from 'vitest';
import { readRecordFields } from './index';

// Record pages as Salesforce renders them (trimmed to the parts that matter):
// Lightning layout items carry the field's API name; Classic detail pages pair
// label and data cells.
const item = (object: string, field: string, label: string, value: string) => `
  <records-record-layout-item field-label="${label}" data-target-selection-name="sfdc:RecordField.${object}.${field}">
    <div class="slds-form-element">
      <div class="slds-form-element__label"><span class="test-id__field-label">${label}</span></div>
      <div class="slds-form-element__control">
        <span class="test-id__field-value slds-form-element__static"><slot>${value}</slot></span>
        <button title="Edit ${label}"><span class="slds-assistive-text">Edit ${label}</span></button>
      </div>
    </div>
  </records-record-layout-item>`;

const LIGHTNING_ACCOUNT = `
  <records-highlights2><h1><slot name="primaryField"><lightning-formatted-text>Northwind Logistics</lightning-formatted-text></slot></h1></records-highlights2>
  ${item('Account', 'AnnualRevenue', 'Annual Revenue', '<lightning-formatted-text>$19.0M</lightning-formatted-text>')}
  ${item('Account', 'NumberOfEmployees', 'Employees', '<lightning-formatted-number>1,200</lightning-formatted-number>')}
  ${item('Account', 'Industry', 'Industry', '<lightning-formatted-text>Transportation</lightning-formatted-text>')}
  ${item('Account', 'BillingCountry', 'Billing Country', '<lightning-formatted-text>Germany</lightning-formatted-text>')}
  ${item(
    'Account',
    'OwnerId',
    'Account Owner',
    '<force-lookup><a href="/lightning/r/User/0055j000001AbCdAAK/view">Tom Becker</a></force-lookup><button><span class="slds-assistive-text">Change Owner</span></button>',
  )}
  ${item('Account', 'Type', 'Type', '<lightning-formatted-text>Customer - Direct</lightning-formatted-text>')}`;

const ACCOUNT = { platform: 'salesforce', objectType: 'Account', kind: 'account' } as const;
const OPPORTUNITY = { platform: 'salesforce', objectType: 'Opportunity', kind: 'deal' } as const;

const page = (html: string) => {
  document.body.innerHTML = html;
  return document;
};

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('Salesforce field map', () => {
  it('reads a Lightning account page’s fields as the page shows them', () => {
    expect(readRecordFields(ACCOUNT, page(LIGHTNING_ACCOUNT))).toEqual({
      arr: '$19.0M',
      employeeCount: '1,200',
      industry: 'Transportation',
      region: 'Germany',
      ownerAe: 'Tom Becker',
      type: 'Customer - Direct',
    });
  });

  it('reads a Lightning opportunity’s amount, owner, close date and stage', () => {
    const html = [
      item('Opportunity', 'Amount', 'Amount', '<lightning-formatted-text>€ 2,5 Mio.</lightning-formatted-text>'),
      item('Opportunity', 'OwnerId', 'Opportunity Owner', '<force-lookup><a href="#">Tom Becker</a></force-lookup>'),
      item('Opportunity', 'CloseDate', 'Close Date', '<lightning-formatted-text>12/31/2026</lightning-formatted-text>'),
      item('Opportunity', 'StageName', 'Stage', '<lightning-formatted-text>Negotiation/Review</lightning-formatted-text>'),
    ].join('');
    expect(readRecordFields(OPPORTUNITY, page(html))).toEqual({
      arr: '€ 2,5 Mio.',
      ownerAe: 'Tom Becker',
      closeDate: '12/31/2026',
      stage: 'Negotiation/Review',
    });
  });

  it('reads a Classic detail page by its labels, the owner from its link only', () => {
    const html = `<div class="pbBody"><table class="detailList"><tbody>
      <tr><td class="labelCol">Account Owner</td><td class="dataCol col02"><a href="/005">Tom Becker</a> [<a href="/change">Change</a>]</td>
          <td class="labelCol">Annual Revenue</td><td class="dataCol">$19,000,000</td></tr>
      <tr><td class="labelCol">Employees<span class="helpButton"><img class="helpOrb" alt=""><script>/* help */</script></span></td><td class="dataCol">1,200</td>
          <td class="labelCol">Industry</td><td class="dataCol">Transportation</td></tr>
      <tr><td class="labelCol">Type</td><td class="dataCol">&nbsp;</td></tr>
    </tbody></table></div>`;
    expect(readRecordFields(ACCOUNT, page(html))).toEqual({
      ownerAe: 'Tom Becker',
      arr: '$19,000,000',
      employeeCount: '1,200',
      industry: 'Transportation',
    });
  });

  it('reads markup in a value as its text and creates nothing from it', () => {
    const hostile = '&lt;img src=x onerror=alert(1)&gt;<b>Logistics</b>';
    const doc = page(item('Account', 'Industry', 'Industry', `<lightning-formatted-text>${hostile}</lightning-formatted-text>`));
    const before = doc.querySelectorAll('img').length;
    expect(readRecordFields(ACCOUNT, doc)).toEqual({ industry: '<img src=x onerror=alert(1)>Logistics' });
    expect(doc.querySelectorAll('img').length).toBe(before);
  });

  it('leaves out what the page shows empty, and takes the first copy of a field that has a value', () => {
    const html = [
      item('Account', 'AnnualRevenue', 'Annual Revenue', '<lightning-formatted-text> — </lightning-formatted-text>'),
      item('Account', 'Industry', 'Industry', ''),
      item('Account', 'Industry', 'Industry', '<lightning-formatted-text>Retail</lightning-formatted-text>'),
    ].join('');
    expect(readRecordFields(ACCOUNT, page(html))).toEqual({ industry: 'Retail' });
  });

  it('reads nothing it was not pointed at: other objects’ fields, labels without values, records without a map', () => {
    const html = [
      item('Contact', 'Industry', 'Industry', 'Retail'),
      `<records-record-layout-item data-target-selection-name="sfdc:RecordField.Account.AnnualRevenue"><span class="test-id__field-label">Annual Revenue</span> $5M</records-record-layout-item>`,
      `<table><tr><td class="labelCol">Industry</td><td class="labelCol">Retail</td></tr></table>`,
    ].join('');
    expect(readRecordFields(ACCOUNT, page(html))).toEqual({});
    expect(readRecordFields({ platform: 'salesforce', objectType: 'Case', kind: 'ticket' }, page(LIGHTNING_ACCOUNT))).toEqual({});
    expect(readRecordFields({ platform: 'hubspot', objectType: '0-2', kind: 'account' }, page(LIGHTNING_ACCOUNT))).toEqual({});
  });

  it('caps a huge value instead of copying it whole', () => {
    const v = readRecordFields(ACCOUNT, page(item('Account', 'Industry', 'Industry', 'x'.repeat(10_000)))).industry;
    expect(v).toHaveLength(200);
  });
});
