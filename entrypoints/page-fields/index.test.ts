import { afterEach, describe, expect, it } from 'vitest';
import script from './index';

const KEY = 'seamlinePageFieldsRequest';
const g = globalThis as Record<string, unknown>;
const request = (href: string) => ({ href, record: { platform: 'salesforce', objectType: 'Account', kind: 'account' } });

afterEach(() => {
  document.body.innerHTML = '';
  delete g[KEY];
});

describe('the injected page-fields script', () => {
  it('reads the fields of the record it was told to expect, and consumes the request', () => {
    document.body.innerHTML = `<records-record-layout-item data-target-selection-name="sfdc:RecordField.Account.Industry"><span class="test-id__field-value">Logistics</span></records-record-layout-item>`;
    g[KEY] = request(location.href);
    expect(script.main()).toEqual({ industry: 'Logistics' });
    expect(g[KEY]).toBeUndefined();
    // Run again without a fresh request, it reads nothing.
    expect(script.main()).toBeNull();
  });

  it('reads nothing when the page has moved to another address, or the request is not one', () => {
    g[KEY] = request('https://acme.lightning.force.com/lightning/r/Account/001Dn00000GbXmFIAV/view');
    expect(script.main()).toBeNull();
    g[KEY] = { href: location.href, record: 'salesforce' };
    expect(script.main()).toBeNull();
  });
});
