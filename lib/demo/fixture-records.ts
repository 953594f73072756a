import type { BuiltinPlatform, RecordKind } from '../core/domain/crm-record';
import type { PageFieldText } from '../core/sites/fields';

// The CRM records behind the e2e fixture pages and `npm run demo`. Each one is
// what detectRecord returns on that URL with the fixture page loaded, so the
// demo data can be linked to them by recordId (or by name/domain).
export interface FixtureRecord {
  platform: BuiltinPlatform;
  url: string;
  host: string;
  objectType: string;
  kind: RecordKind;
  recordId: string;
  /** Where the address names the tenant (HubSpot's portal, Intercom's app). */
  tenant?: string;
  name: string;
  websiteDomain: string;
  /** What the record page shows in its fields, as the page's text. */
  fields?: PageFieldText;
}

export const FIXTURE_UNRELATED_URL = 'https://www.example.org/';

const SF = 'acme.lightning.force.com';
const HS = 'app.hubspot.com';
const D365 = 'contoso.crm4.dynamics.com';
const D365_APP = 'appid=3c5e9f5b-1d2a-4f6e-8b7c-0a1b2c3d4e5f';
const GS = 'acme.gainsightcloud.com';
const IC_APP = 'q7x2kd9m';

export const FIXTURE_RECORDS: FixtureRecord[] = [
  // Salesforce Lightning
  {
    platform: 'salesforce',
    url: `https://${SF}/lightning/r/Account/001Dn00000NwLgXIAV/view`,
    host: SF,
    objectType: 'Account',
    kind: 'account',
    recordId: '001Dn00000NwLgXIAV',
    name: 'Northwind Logistics',
    websiteDomain: 'northwind.example',
    fields: { arr: '$185,000', employeeCount: '700', industry: 'Logistics', ownerAe: 'Tom Becker', type: 'Customer - Direct' },
  },
  {
    platform: 'salesforce',
    url: `https://${SF}/lightning/r/Account/001Dn00000GbXmFIAV/view`,
    host: SF,
    objectType: 'Account',
    kind: 'account',
    recordId: '001Dn00000GbXmFIAV',
    name: 'Globex Manufacturing',
    websiteDomain: 'globex.example',
    fields: { arr: '€ 2,5 Mio.', employeeCount: '14.000', industry: 'Manufacturing', region: 'EMEA', type: 'Customer - Channel' },
  },
  {
    platform: 'salesforce',
    url: `https://${SF}/lightning/r/Account/001Dn00000InTcHIAV/view`,
    host: SF,
    objectType: 'Account',
    kind: 'account',
    recordId: '001Dn00000InTcHIAV',
    name: 'Initech Software',
    websiteDomain: 'initech.example',
    fields: { arr: 'USD 96,000', employeeCount: '420', industry: 'Software', ownerAe: 'Priya Natarajan' },
  },
  {
    platform: 'salesforce',
    url: `https://${SF}/lightning/r/Opportunity/006Dn00000RnW26IAF/view`,
    host: SF,
    objectType: 'Opportunity',
    kind: 'deal',
    recordId: '006Dn00000RnW26IAF',
    name: 'Northwind Logistics — Renewal FY27',
    websiteDomain: 'northwind.example',
    fields: {
      accountName: 'Northwind Logistics',
      arr: '$195,000',
      ownerAe: 'Tom Becker',
      type: 'Existing Customer - Renewal',
      closeDate: '2/28/2027',
      stage: 'Negotiation/Review',
    },
  },
  // The same Northwind account in Salesforce Classic: a 15-character id in the path.
  {
    platform: 'salesforce',
    url: 'https://acme.my.salesforce.com/001Dn00000NwLgX',
    host: 'acme.my.salesforce.com',
    objectType: 'Account',
    kind: 'account',
    recordId: '001Dn00000NwLgXIAV',
    name: 'Northwind Logistics',
    websiteDomain: 'northwind.example',
  },
  // HubSpot
  {
    platform: 'hubspot',
    tenant: '4455667',
    url: `https://${HS}/contacts/4455667/record/0-2/21004455001`,
    host: HS,
    objectType: 'company',
    kind: 'account',
    recordId: '21004455001',
    name: 'Umbrella Health',
    websiteDomain: 'umbrella-health.example',
    fields: { employeeCount: '8000', industry: 'Healthcare', region: 'North America', ownerAe: 'Jordan Blake' },
  },
  {
    platform: 'hubspot',
    tenant: '4455667',
    url: `https://${HS}/contacts/4455667/record/0-2/21004455002`,
    host: HS,
    objectType: 'company',
    kind: 'account',
    recordId: '21004455002',
    name: 'Stark Analytics',
    websiteDomain: 'stark-analytics.example',
    fields: { arr: '$310,000', employeeCount: '900', industry: 'Software', region: 'UK&I', type: 'Customer' },
  },
  {
    platform: 'hubspot',
    tenant: '4455667',
    url: `https://${HS}/contacts/4455667/record/0-3/31004455003`,
    host: HS,
    objectType: 'deal',
    kind: 'deal',
    recordId: '31004455003',
    name: 'Umbrella Health — Platform expansion',
    websiteDomain: 'umbrella-health.example',
    fields: { arr: '$48,000', ownerAe: 'Jordan Blake', closeDate: '2026-09-30', stage: 'Contract sent' },
  },
  // Dynamics 365
  {
    platform: 'dynamics365',
    url: `https://${D365}/main.aspx?${D365_APP}&pagetype=entityrecord&etn=account&id=5f1c2b7e-8d3a-4e6f-9a0b-1c2d3e4f5a6b`,
    host: D365,
    objectType: 'account',
    kind: 'account',
    recordId: '5f1c2b7e-8d3a-4e6f-9a0b-1c2d3e4f5a6b',
    name: 'Tyrell Biotech',
    websiteDomain: 'tyrell.example',
    fields: { employeeCount: '5,200', industry: 'Healthcare', region: 'APAC', ownerAe: 'Alex Moreau' },
  },
  {
    platform: 'dynamics365',
    url: `https://${D365}/main.aspx?${D365_APP}&pagetype=entityrecord&etn=account&id=8a9b0c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d`,
    host: D365,
    objectType: 'account',
    kind: 'account',
    recordId: '8a9b0c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d',
    name: 'Wayne Freight',
    websiteDomain: 'wayne-freight.example',
    fields: { arr: '$150,000.00', employeeCount: '1,200', industry: 'Logistics', region: 'North America', ownerAe: 'Lucius Fox' },
  },
  // Gainsight NXT
  {
    platform: 'gainsight',
    url: `https://${GS}/v1/ui/customersuccess360?cid=1P02ZBH3Y5KS3FZ4UYNWDMS7E5JH2PCJ68VW`,
    host: GS,
    objectType: 'company',
    kind: 'account',
    recordId: '1P02ZBH3Y5KS3FZ4UYNWDMS7E5JH2PCJ68VW',
    name: 'Soylent Foods',
    websiteDomain: 'soylent.example',
    fields: { arr: '$24,000', employeeCount: '35', industry: 'Retail' },
  },
  {
    platform: 'gainsight',
    url: `https://${GS}/v1/ui/customersuccess360?cid=1P02QW8E1RZ5B4KTSOX9M3L7YH2NG6DF0JCA`,
    host: GS,
    objectType: 'company',
    kind: 'account',
    recordId: '1P02QW8E1RZ5B4KTSOX9M3L7YH2NG6DF0JCA',
    name: 'Hooli Cloud',
    websiteDomain: 'hooli.example',
  },
  // Pipedrive
  {
    platform: 'pipedrive',
    url: 'https://acme.pipedrive.com/organization/1042',
    host: 'acme.pipedrive.com',
    objectType: 'organization',
    kind: 'account',
    recordId: '1042',
    name: 'Vandelay Imports',
    websiteDomain: 'vandelay.example',
    fields: { arr: '$60,000', employeeCount: '180', industry: 'Wholesale', ownerAe: 'Elaine Benes' },
  },
  {
    platform: 'pipedrive',
    url: 'https://acme.pipedrive.com/organization/1043',
    host: 'acme.pipedrive.com',
    objectType: 'organization',
    kind: 'account',
    recordId: '1043',
    name: 'Pied Piper Compression',
    websiteDomain: 'piedpiper.example',
  },
  // Zendesk
  {
    platform: 'zendesk',
    url: 'https://acme.zendesk.com/agent/organizations/360012345671',
    host: 'acme.zendesk.com',
    objectType: 'organization',
    kind: 'account',
    recordId: '360012345671',
    name: 'Cyberdyne Robotics',
    websiteDomain: 'cyberdyne.example',
    fields: { arr: 'n/a', industry: 'Robotics' },
  },
  {
    platform: 'zendesk',
    url: 'https://acme.zendesk.com/agent/organizations/360012345672',
    host: 'acme.zendesk.com',
    objectType: 'organization',
    kind: 'account',
    recordId: '360012345672',
    name: 'Oscorp Materials',
    websiteDomain: 'oscorp.example',
  },
  // Intercom
  {
    platform: 'intercom',
    tenant: IC_APP,
    url: `https://app.intercom.com/a/apps/${IC_APP}/companies/64f1a2b3c4d5e6f708192a3b`,
    host: 'app.intercom.com',
    objectType: 'company',
    kind: 'account',
    recordId: '64f1a2b3c4d5e6f708192a3b',
    name: 'Massive Dynamic',
    websiteDomain: 'massive-dynamic.example',
    fields: { employeeCount: '1001-5000', industry: 'Research' },
  },
  {
    platform: 'intercom',
    tenant: IC_APP,
    url: `https://app.intercom.com/a/apps/${IC_APP}/companies/64f1a2b3c4d5e6f708192a3c`,
    host: 'app.intercom.com',
    objectType: 'company',
    kind: 'account',
    recordId: '64f1a2b3c4d5e6f708192a3c',
    name: 'Aperture Labs',
    websiteDomain: 'aperture.example',
  },
  // Vitally
  {
    platform: 'vitally',
    url: 'https://acme.vitally.io/accounts/3b0f6a2e-1c4d-4e8f-9a7b-2d5c6e1f0a93',
    host: 'acme.vitally.io',
    objectType: 'account',
    kind: 'account',
    recordId: '3b0f6a2e-1c4d-4e8f-9a7b-2d5c6e1f0a93',
    name: 'Blue Sun Beverages',
    websiteDomain: 'bluesun.example',
    fields: { arr: '$72K', employeeCount: '240', industry: 'Beverages', ownerAe: 'Mal Reynolds' },
  },
  {
    platform: 'vitally',
    url: 'https://acme.vitally.io/accounts/7e4d2c1b-9a8f-4b6e-8d5c-3f2e1a0b9c87',
    host: 'acme.vitally.io',
    objectType: 'account',
    kind: 'account',
    recordId: '7e4d2c1b-9a8f-4b6e-8d5c-3f2e1a0b9c87',
    name: 'Gringotts Finance',
    websiteDomain: 'gringotts.example',
  },
  // ChurnZero (hash routes)
  {
    platform: 'churnzero',
    url: 'https://app.churnzero.net/#/accounts/458812',
    host: 'app.churnzero.net',
    objectType: 'account',
    kind: 'account',
    recordId: '458812',
    name: 'Krusty Krab Restaurants',
    websiteDomain: 'krusty.example',
    fields: { arr: '$18,000', employeeCount: '18', industry: 'Hospitality' },
  },
  {
    platform: 'churnzero',
    url: 'https://app.churnzero.net/#/accounts/458813',
    host: 'app.churnzero.net',
    objectType: 'account',
    kind: 'account',
    recordId: '458813',
    name: 'Dunder Mifflin Paper',
    websiteDomain: 'dunder-mifflin.example',
  },
  // Planhat
  {
    platform: 'planhat',
    url: 'https://app.planhat.com/acme/companies/65a1b2c3d4e5f60718293a4b',
    host: 'app.planhat.com',
    objectType: 'company',
    kind: 'account',
    recordId: '65a1b2c3d4e5f60718293a4b',
    name: 'Wonka Confections',
    websiteDomain: 'wonka.example',
    fields: { arr: '£90,000', employeeCount: '310', industry: 'Food & Beverage', region: 'UK&I' },
  },
  {
    platform: 'planhat',
    url: 'https://app.planhat.com/acme/companies/65a1b2c3d4e5f60718293a4c',
    host: 'app.planhat.com',
    objectType: 'company',
    kind: 'account',
    recordId: '65a1b2c3d4e5f60718293a4c',
    name: 'Monarch Solutions',
    websiteDomain: 'monarch.example',
  },
];
