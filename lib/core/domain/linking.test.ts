import { describe, expect, it } from 'vitest';
import { domain } from '../sites/util';
import { normaliseAccountName, normaliseDomain } from './linking';

describe('normaliseAccountName', () => {
  it.each([
    ['Northwind Logistics', 'northwind logistics'],
    ['  NORTHWIND   logistics ', 'northwind logistics'],
    ['Northwind Logistics, Inc.', 'northwind logistics'],
    ['Northwind Logistics Inc', 'northwind logistics'],
    ['Northwind Logistics Ltd.', 'northwind logistics'],
    ['Northwind Logistics Limited', 'northwind logistics'],
    ['Müller Maschinenbau GmbH', 'muller maschinenbau'],
    ['Société Générale S.A.', 'societe generale'],
    ['Globex Corp.', 'globex'],
    ['Globex Corporation', 'globex'],
    ['Initech, LLC', 'initech'],
    ['Acme Co.', 'acme'],
    ['Philips B.V.', 'philips'],
    ['Vodafone Group PLC', 'vodafone group'],
    ['Atlassian Pty Ltd', 'atlassian'],
    ['Siemens AG', 'siemens'],
    ['Johnson & Johnson', 'johnson and johnson'],
    ['Corpus Analytics', 'corpus analytics'],
    ['Co', 'co'],
    ['Inc Ltd', 'inc'],
    ['', ''],
  ])('%j -> %j', (input, out) => {
    expect(normaliseAccountName(input)).toBe(out);
  });

  it('treats the same company written in different tools as equal', () => {
    expect(normaliseAccountName('Zürich Réassurance AG')).toBe(normaliseAccountName('zurich reassurance'));
  });
});

describe('normaliseDomain', () => {
  it.each([
    ['northwind.example', 'northwind.example'],
    ['https://www.Northwind.example/about?x=1#top', 'northwind.example'],
    ['http://northwind.example:8080', 'northwind.example'],
    ['WWW.NORTHWIND.EXAMPLE.', 'northwind.example'],
    ['ada@northwind.example', 'northwind.example'],
    ['mailto:ada@northwind.example', 'northwind.example'],
    ['//cdn.northwind.example/x', 'cdn.northwind.example'],
    ['eu.app.northwind.example', 'eu.app.northwind.example'],
    ['www2.northwind.example', 'northwind.example'],
    ['https://user:pw@northwind.example/', 'northwind.example'],
    ['münchen.example', 'xn--mnchen-3ya.example'],
    ['not a domain', ''],
    ['localhost', ''],
    ['', ''],
  ])('%j -> %j', (input, out) => {
    expect(normaliseDomain(input)).toBe(out);
  });

  it('agrees with the website reader the content script uses', () => {
    for (const href of ['https://www.Northwind.example/about', 'http://globex.example:8443/', 'https://initech.example.']) {
      document.body.innerHTML = '<a id="w"></a>';
      document.getElementById('w')!.setAttribute('href', href);
      expect(domain(document, '#w')).toBe(normaliseDomain(href));
    }
  });
});
