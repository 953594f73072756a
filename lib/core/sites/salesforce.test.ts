import { describe, expect, it } from 'vitest';
import { runExamples } from '../../../test/site-examples';
import { examples, salesforce, sfId18 } from './salesforce';

runExamples(salesforce, examples);

describe('sfId18', () => {
  // Pairs as Salesforce reports them (15-character UI id, 18-character API id).
  it.each([
    ['0015000000VALDt', '0015000000VALDtAAP'],
    ['00300000003T2PG', '00300000003T2PGAA0'],
    ['001A0000006Vm9r', '001A0000006Vm9rIAC'],
    ['a0D30000001n7Pv', 'a0D30000001n7PvEAI'],
  ])('%s -> %s', (short, long) => {
    expect(sfId18(short)).toBe(long);
    expect(sfId18(long)).toBe(long);
  });

  it('repairs the case of an 18-character id from its suffix', () => {
    expect(sfId18('0015000000valdtaap')).toBe('0015000000VALDtAAP');
    expect(sfId18('0015000000VALDTAAP')).toBe('0015000000VALDtAAP');
  });

  it('rejects what is not an id', () => {
    for (const s of ['', '001', '0015000000VALD', '0015000000VALDt-', '0015000000VALDtAA', '0015000000VALDtAA9', '00150000009999999Z']) {
      expect(sfId18(s)).toBeNull();
    }
  });

  it('Classic and Lightning views of a record yield the same ref id', () => {
    const classic = salesforce.detect(new URL('https://acme.my.salesforce.com/0015000000VALDt'));
    const lightning = salesforce.detect(new URL('https://acme.lightning.force.com/lightning/r/Account/0015000000VALDtAAP/view'));
    expect(classic?.recordId).toBe(lightning?.recordId);
    expect(classic?.objectType).toBe(lightning?.objectType);
  });
});

describe('salesforce page reading', () => {
  const url = new URL('https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view');

  it('reads the name and website from the highlights panel as text', () => {
    document.body.innerHTML = `<records-highlights2><h1><div>Account</div><slot name="primaryField"><lightning-formatted-text>  Northwind
      Logistics </lightning-formatted-text></slot></h1>
      <lightning-formatted-url><a href="https://WWW.Northwind.example/about">www.northwind.example</a></lightning-formatted-url></records-highlights2>`;
    const r = salesforce.detect(url, document);
    expect(r?.name).toBe('Northwind Logistics');
    expect(r?.websiteDomain).toBe('northwind.example');
  });

  it('keeps markup in a name as literal text and caps its length', () => {
    document.body.innerHTML = '<records-highlights2><h1><slot name="primaryField"></slot></h1></records-highlights2>';
    document.querySelector('slot')!.textContent = `<img src=x onerror=alert(1)>${'x'.repeat(500)}`;
    const r = salesforce.detect(url, document);
    expect(r?.name?.startsWith('<img src=x onerror=alert(1)>')).toBe(true);
    expect(r?.name?.length).toBe(200);
  });

  it('leaves name and website out when the page has no header', () => {
    document.body.innerHTML = '<main>loading</main>';
    const r = salesforce.detect(url, document);
    expect(r).not.toBeNull();
    expect(r).not.toHaveProperty('name');
    expect(r).not.toHaveProperty('websiteDomain');
  });

  it('reads Classic detail pages', () => {
    document.body.innerHTML =
      '<h1 class="pageType">Account</h1><h2 class="pageDescription"> Northwind Logistics</h2><div id="acc12_ileinner"><a href="http://northwind.example">http://northwind.example</a></div>';
    const r = salesforce.detect(new URL('https://acme.my.salesforce.com/001Dn00000NwLgX'), document);
    expect(r).toMatchObject({ recordId: '001Dn00000NwLgXIAV', name: 'Northwind Logistics', websiteDomain: 'northwind.example' });
  });
});
