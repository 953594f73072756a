import { describe, expect, it } from 'vitest';
import { detectRecord } from './index';
import { legacyIdentity, recordIdentity, tenantOf } from './identity';

const SF_ID = '001Dn00000NwLgXIAV';
const SF_ID_15 = SF_ID.slice(0, 15);

describe('recordIdentity', () => {
  it.each([
    [
      'Lightning and Classic hosts of one org',
      `https://acme.lightning.force.com/lightning/r/Account/${SF_ID}/view`,
      `https://acme.my.salesforce.com/${SF_ID}`,
    ],
    [
      'a 15-character id and its 18-character form',
      `https://acme.lightning.force.com/lightning/r/Account/${SF_ID}/view`,
      `https://acme.my.salesforce.com/${SF_ID_15}`,
    ],
    [
      'a sandbox on its Lightning and Classic hosts',
      `https://acme--uat.sandbox.lightning.force.com/lightning/r/Account/${SF_ID}/view`,
      `https://acme--uat.sandbox.my.salesforce.com/${SF_ID}`,
    ],
    [
      'a HubSpot portal on two data-centre hosts',
      'https://app.hubspot.com/contacts/4455667/record/0-2/901',
      'https://app-eu1.hubspot.com/contacts/4455667/company/901',
    ],
  ])('is the same for %s', (_what, a, b) => {
    expect(recordIdentity(detectRecord(a)!)).toBe(recordIdentity(detectRecord(b)!));
  });

  it.each([
    [
      'two Salesforce orgs',
      `https://acme.lightning.force.com/lightning/r/Account/${SF_ID}/view`,
      `https://globex.lightning.force.com/lightning/r/Account/${SF_ID}/view`,
    ],
    ['an org and its sandbox', `https://acme.my.salesforce.com/${SF_ID}`, `https://acme--uat.sandbox.my.salesforce.com/${SF_ID}`],
    ['two HubSpot portals', 'https://app.hubspot.com/contacts/4455667/record/0-2/123', 'https://app.hubspot.com/contacts/9988776/record/0-2/123'],
    ['two Zendesk subdomains', 'https://acme.zendesk.com/agent/organizations/123', 'https://globex.zendesk.com/agent/organizations/123'],
    ['two Pipedrive companies', 'https://acme.pipedrive.com/organization/123', 'https://globex.pipedrive.com/organization/123'],
    [
      'two Intercom apps',
      'https://app.intercom.com/a/apps/q7x2kd9m/companies/64f1a2b3c4d5e6f708192a3b',
      'https://app.intercom.com/a/apps/zz99yy88/companies/64f1a2b3c4d5e6f708192a3b',
    ],
  ])('tells apart %s', (_what, a, b) => {
    const [ra, rb] = [detectRecord(a), detectRecord(b)];
    expect(ra && rb).toBeTruthy();
    expect(recordIdentity(ra!)).not.toBe(recordIdentity(rb!));
  });

  it('names the tenant each platform uses', () => {
    expect(tenantOf({ platform: 'salesforce', host: 'ACME.my.salesforce-setup.com' })).toBe('acme');
    expect(tenantOf({ platform: 'salesforce', host: 'na12.salesforce.com' })).toBe('na12.salesforce.com');
    expect(tenantOf({ platform: 'dynamics365', host: 'contoso.crm4.dynamics.com' })).toBe('contoso.crm4.dynamics.com');
    expect(tenantOf({ platform: 'custom:tickets', host: 'tools.acme.internal' })).toBe('tools.acme.internal');
    expect(tenantOf({ platform: 'hubspot', host: 'app.hubspot.com', tenant: '4455667' })).toBe('4455667');
  });

  it('keys a link stored before tenants were recorded so the same record still finds it', () => {
    const stored = { platform: 'hubspot' as const, host: 'app.hubspot.com', recordId: '901' };
    const visited = detectRecord('https://app.hubspot.com/contacts/4455667/record/0-2/901')!;
    expect(recordIdentity(stored)).toBe(legacyIdentity(visited));
    expect(recordIdentity(visited)).not.toBe(recordIdentity(stored));
  });
});
