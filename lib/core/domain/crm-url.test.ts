import { describe, expect, it } from 'vitest';
import { FIXTURE_RECORDS } from '../../demo/fixture-records';
import { accountCrmUrl, crmRecordUrl } from './crm-url';

describe('crmRecordUrl', () => {
  it('gives the address each fixture record is served at, or none', () => {
    const opened = new Set<string>();
    for (const r of FIXTURE_RECORDS) {
      const url = crmRecordUrl(r);
      if (url === null) continue;
      opened.add(r.platform);
      // Salesforce Classic takes the 18-character id where the page shows 15.
      if (r.host.endsWith('.my.salesforce.com')) expect(url).toBe(`https://${r.host}/${r.recordId}`);
      else expect(url, r.url).toBe(r.url);
    }
    expect([...opened].sort()).toEqual(['churnzero', 'gainsight', 'hubspot', 'intercom', 'pipedrive', 'salesforce', 'vitally', 'zendesk']);
  });

  it('gives no address when the link lacks a part of it, and keeps ids inside the path', () => {
    // A HubSpot link stored before its portal was recorded.
    const { tenant: _portal, ...hubspot } = FIXTURE_RECORDS.find((r) => r.platform === 'hubspot')!;
    expect(crmRecordUrl(hubspot)).toBeNull();
    expect(crmRecordUrl({ platform: 'custom:inhouse', host: 'crm.example', objectType: 'a', kind: 'account', recordId: '1' })).toBeNull();
    expect(
      crmRecordUrl({ platform: 'pipedrive', host: 'acme.pipedrive.com', objectType: 'organization', kind: 'account', recordId: '1/../x?y' }),
    ).toBe('https://acme.pipedrive.com/organization/1%2F..%2Fx%3Fy');
  });

  it('prefers an account record over a deal', () => {
    const [account, , , deal] = FIXTURE_RECORDS;
    expect(accountCrmUrl([deal!, account!])).toBe(account!.url);
    expect(accountCrmUrl([])).toBeNull();
  });
});
