import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UserSite } from '../domain/user-site';
import { patternAdmitsHost } from '../../../test/site-examples';
import { ADAPTERS, detectRecord } from './index';
import { CRM_MATCH_PATTERNS } from './matches';
import type { Examples } from './util';

const NOT_ADAPTERS = new Set(['index.ts', 'util.ts', 'matches.ts', 'user.ts', 'examples-suite.ts', 'fields.ts', 'identity.ts']);
const dir = import.meta.dirname ?? join(process.cwd(), 'lib/core/sites');
const adapterFiles = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_ADAPTERS.has(f));

async function allExamples(): Promise<Examples[]> {
  return Promise.all(adapterFiles.map(async (f) => ((await import(`./${f}`)) as { examples: Examples }).examples));
}

describe('registry', () => {
  it('lists every adapter file in lib/core/sites', async () => {
    expect(adapterFiles.length).toBeGreaterThanOrEqual(10);
    for (const f of adapterFiles) {
      const mod = (await import(`./${f}`)) as Record<string, unknown>;
      const adapter = Object.values(mod).find((v) => ADAPTERS.includes(v as never));
      expect(adapter, `${f} exports an adapter that is in ADAPTERS`).toBeDefined();
      expect(mod.examples, `${f} exports examples`).toBeDefined();
    }
    expect(new Set(ADAPTERS.map((a) => a.platform)).size).toBe(ADAPTERS.length);
  });

  it('match patterns cover every positive example host', async () => {
    for (const ex of await allExamples()) {
      for (const { url } of ex.positive)
        expect(
          CRM_MATCH_PATTERNS.some((p) => patternAdmitsHost(p, url)),
          url,
        ).toBe(true);
    }
  });

  it('match patterns are https-only and never cover local hosts', () => {
    for (const p of CRM_MATCH_PATTERNS) {
      expect(p).toMatch(/^https:\/\/(\*\.)?[a-z0-9.-]+\/\*$/);
      expect(p).not.toMatch(/localhost|127\.0\.0\.1|\[::1\]/);
    }
    expect(new Set(CRM_MATCH_PATTERNS).size).toBe(CRM_MATCH_PATTERNS.length);
  });
});

describe('detectRecord never throws', () => {
  const sites: UserSite[] = [
    { type: 'domain', platform: 'salesforce', host: 'crm.acme-corp.com' },
    {
      type: 'template',
      slug: 'acme-tools',
      name: 'Acme tools',
      urlTemplate: 'https://tools.acme.internal/customers/{id}',
      objectType: 'customer',
      kind: 'account',
    },
  ];
  const hostile = fc.constantFrom(
    'https://acme.lightning.force.com/lightning/r/Account/',
    'https://acme.my.salesforce.com/one/one.app#',
    'https://acme.my.salesforce.com/console#',
    'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&id=',
    'https://acme.gainsightcloud.com/v1/ui/customersuccess360?cid=',
    'https://app.churnzero.net/#/',
    'https://app.planhat.com/',
    'https://tools.acme.internal/customers/',
    'https://crm.acme-corp.com/',
  );

  it('on random strings', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(() => detectRecord(s, undefined, sites)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
  it('on web URLs', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (s) => {
        expect(() => detectRecord(s, document, sites)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
  it('on known prefixes followed by arbitrary text', () => {
    fc.assert(
      fc.property(hostile, fc.string({ unit: 'binary' }), (p, s) => {
        expect(() => detectRecord(p + s, document, sites)).not.toThrow();
        expect(() => detectRecord(p + encodeURIComponent(s), document, sites)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
  it('on malformed input and odd user sites', () => {
    const odd = [{ type: 'template', urlTemplate: 'not a url' }, null, { type: 'domain' }] as unknown as UserSite[];
    for (const u of ['', 'http://', '://x', 'javascript:alert(1)', 'https://[::1', '%', '\u0000', 'https://a..b/']) {
      expect(detectRecord(u, undefined, odd)).toBeNull();
    }
    expect(detectRecord(undefined as unknown as string)).toBeNull();
    expect(detectRecord('https://tools.acme.internal/customers/42', undefined, odd)).toBeNull();
  });
});

describe('user sites', () => {
  const sites: UserSite[] = [
    { type: 'domain', platform: 'salesforce', host: 'crm.acme-corp.com' },
    { type: 'domain', platform: 'planhat', host: 'cs.acme-corp.com' },
    {
      type: 'template',
      slug: 'acme-tools',
      name: 'Acme tools',
      urlTemplate: 'https://tools.acme.internal/customers/{id}',
      objectType: 'customer',
      kind: 'account',
    },
    {
      type: 'template',
      slug: 'billing',
      name: 'Billing',
      urlTemplate: 'https://billing.acme.internal/view?customer={id}&tab=summary',
      objectType: 'billing-account',
      kind: 'other',
    },
  ];

  it("runs a platform's path rules on its custom domain", () => {
    expect(detectRecord('https://crm.acme-corp.com/lightning/r/Account/001Dn00000NwLgX/view', undefined, sites)).toEqual({
      platform: 'salesforce',
      host: 'crm.acme-corp.com',
      objectType: 'Account',
      kind: 'account',
      recordId: '001Dn00000NwLgXIAV',
    });
    expect(detectRecord('https://cs.acme-corp.com/acme/companies/65a1b2c3d4e5f60718293a4b', undefined, sites)?.platform).toBe('planhat');
    expect(detectRecord('https://crm.acme-corp.com/lightning/o/Account/list', undefined, sites)).toBeNull();
    expect(detectRecord('http://crm.acme-corp.com/lightning/r/Account/001Dn00000NwLgX/view', undefined, sites)).toBeNull();
    expect(detectRecord('https://crm.acme-corp.com/lightning/r/Account/001Dn00000NwLgX/view')).toBeNull();
  });

  it('matches URL templates', () => {
    expect(detectRecord('https://tools.acme.internal/customers/C-1042', undefined, sites)).toEqual({
      platform: 'custom:acme-tools',
      host: 'tools.acme.internal',
      objectType: 'customer',
      kind: 'account',
      recordId: 'C-1042',
    });
    expect(detectRecord('https://tools.acme.internal/customers/C%201042/contracts?x=1', undefined, sites)?.recordId).toBe('C 1042');
    expect(detectRecord('https://billing.acme.internal/view?customer=77&tab=summary', undefined, sites)?.recordId).toBe('77');
    for (const u of [
      'https://tools.acme.internal/customers/',
      'https://tools.acme.internal/customersX/1',
      'https://tools.acme.internal.evil.example/customers/1',
      'http://tools.acme.internal/customers/1',
      'https://billing.acme.internal/view?customer=77&tab=invoices',
    ])
      expect(detectRecord(u, undefined, sites), u).toBeNull();
  });

  it('reads the page heading as the record name for templates', () => {
    document.body.innerHTML = '<h1> Vandelay <b>Imports</b></h1>';
    expect(detectRecord('https://tools.acme.internal/customers/9', document, sites)?.name).toBe('Vandelay Imports');
  });
});
