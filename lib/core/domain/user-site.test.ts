import { describe, expect, it } from 'vitest';
import { CrmPlatformSchema, CrmRecordRefSchema } from './crm-record';
import { slugify, UserSiteSchema, userSiteMatchPatterns, type UserSite } from './user-site';

const template = (urlTemplate: string) => ({
  type: 'template',
  slug: 'acme-tools',
  name: 'Acme tools',
  urlTemplate,
  objectType: 'customer',
  kind: 'account',
});

describe('UserSiteSchema', () => {
  it('accepts custom domains for known platforms and normalises the host', () => {
    expect(UserSiteSchema.parse({ type: 'domain', platform: 'salesforce', host: ' CRM.Acme-Corp.com ' })).toEqual({
      type: 'domain',
      platform: 'salesforce',
      host: 'crm.acme-corp.com',
    });
  });

  it.each(['localhost', '127.0.0.1', 'crm.acme-corp.com:8443', '*.acme-corp.com', 'https://crm.acme-corp.com', 'acme', ''])(
    'rejects host %j',
    (host) => {
      expect(UserSiteSchema.safeParse({ type: 'domain', platform: 'salesforce', host }).success).toBe(false);
    },
  );

  it('rejects an unknown platform for a custom domain', () => {
    expect(UserSiteSchema.safeParse({ type: 'domain', platform: 'custom:x', host: 'crm.acme-corp.com' }).success).toBe(false);
  });

  it.each([
    'https://tools.acme.internal/customers/{id}',
    'https://tools.acme.internal/view?customer={id}',
    'https://tools.acme.internal/#/c/{id}/overview',
  ])('accepts template %s', (t) => {
    expect(UserSiteSchema.safeParse(template(t)).success).toBe(true);
  });

  it.each([
    'http://tools.acme.internal/customers/{id}',
    'https://tools.acme.internal/customers/',
    'https://tools.acme.internal/{id}/{id}',
    'https://{id}.acme.internal/',
    'https://localhost/customers/{id}',
    'https://127.0.0.1/customers/{id}',
    'https://tools.acme.internal:8443/customers/{id}',
    'javascript:alert(1)//{id}',
  ])('rejects template %s', (t) => {
    expect(UserSiteSchema.safeParse(template(t)).success).toBe(false);
  });
});

describe('userSiteMatchPatterns', () => {
  it.each<[UserSite, string[]]>([
    [{ type: 'domain', platform: 'planhat', host: 'cs.acme-corp.com' }, ['https://cs.acme-corp.com/*']],
    [UserSiteSchema.parse(template('https://Tools.Acme.internal/customers/{id}')), ['https://tools.acme.internal/customers/*']],
    [UserSiteSchema.parse(template('https://tools.acme.internal/{id}')), ['https://tools.acme.internal/*']],
    [UserSiteSchema.parse(template('https://tools.acme.internal/view?customer={id}')), ['https://tools.acme.internal/view*']],
    [UserSiteSchema.parse(template('https://tools.acme.internal/app#/c/{id}')), ['https://tools.acme.internal/app*']],
  ])('%j', (site, patterns) => {
    expect(userSiteMatchPatterns(site)).toEqual(patterns);
  });
});

describe('platforms and refs', () => {
  it('accepts built-in and custom platforms only', () => {
    expect(CrmPlatformSchema.safeParse('hubspot').success).toBe(true);
    expect(CrmPlatformSchema.safeParse(`custom:${slugify('Acme Tools!')}`).success).toBe(true);
    for (const bad of ['custom:', 'custom:Bad Slug', 'sugarcrm', 'custom:-x']) expect(CrmPlatformSchema.safeParse(bad).success).toBe(false);
  });

  it('slugify yields a valid slug for any name', () => {
    expect(slugify('  Ünïcode Tools — EU ')).toBe('unicode-tools-eu');
    expect(slugify('!!!')).toBe('site');
  });

  it('a ref parses with optional page hints', () => {
    const ref = { platform: 'salesforce', host: 'acme.lightning.force.com', objectType: 'Account', kind: 'account', recordId: '001Dn00000NwLgXIAV' };
    expect(CrmRecordRefSchema.parse(ref)).toEqual(ref);
    expect(CrmRecordRefSchema.safeParse({ ...ref, kind: 'lead' }).success).toBe(false);
  });
});
