import type { IcpProfile } from '../domain/icp';

/**
 * Systems a promise may name. Each is matched on its own words, so "SAP
 * connector" names SAP and "SAP S/4HANA" names SAP too; the supported list is
 * then searched for the same system under any of its spellings.
 */
const KNOWN_SYSTEMS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'SAP', pattern: /\bSAP\b|\bS\/4 ?HANA\b/i },
  { name: 'Oracle', pattern: /\bOracle\b/i },
  { name: 'NetSuite', pattern: /\bNet ?Suite\b/i },
  { name: 'Workday', pattern: /\bWorkday\b/i },
  { name: 'ServiceNow', pattern: /\bService ?Now\b/i },
  { name: 'Snowflake', pattern: /\bSnowflake\b/i },
  { name: 'Marketo', pattern: /\bMarketo\b/i },
  { name: 'Zuora', pattern: /\bZuora\b/i },
  { name: 'Dynamics', pattern: /\bDynamics\b/i },
  { name: 'Sage', pattern: /\bSage\b/i },
  { name: 'Salesforce', pattern: /\bSalesforce\b|\bSFDC\b/i },
  { name: 'HubSpot', pattern: /\bHub ?Spot\b/i },
  { name: 'Slack', pattern: /\bSlack\b/i },
  { name: 'Microsoft Teams', pattern: /\bMS Teams\b|\bMicrosoft Teams\b/i },
  { name: 'Jira', pattern: /\bJira\b/i },
  { name: 'Zendesk', pattern: /\bZendesk\b/i },
  { name: 'Intercom', pattern: /\bIntercom\b/i },
  { name: 'Gmail', pattern: /\bGmail\b/i },
  { name: 'Outlook', pattern: /\bOutlook\b/i },
  { name: 'QuickBooks', pattern: /\bQuick ?Books\b/i },
  { name: 'Xero', pattern: /\bXero\b/i },
  { name: 'BigQuery', pattern: /\bBig ?Query\b/i },
  { name: 'Databricks', pattern: /\bDatabricks\b/i },
  { name: 'Tableau', pattern: /\bTableau\b/i },
  { name: 'Power BI', pattern: /\bPower ?BI\b/i },
  { name: 'Pipedrive', pattern: /\bPipedrive\b/i },
  { name: 'Zoho', pattern: /\bZoho\b/i },
];

/** The integrations the ICP says the product supports: the values of its "integrations in …" rules; null when it names none. */
export function supportedIntegrations(profile: IcpProfile): string[] | null {
  const rules = profile.rules.filter((r) => r.field === 'integrations' && r.op === 'in');
  if (rules.length === 0) return null;
  return rules.flatMap((r) => (r.op === 'in' ? r.values : []));
}

/**
 * The systems a promise names that are not on the ICP's supported list, in the
 * order they appear. Empty when the ICP keeps no such list: nothing is then
 * known to be unsupported.
 */
export function unsupportedIntegrations(text: string, profile: IcpProfile): string[] {
  const supported = supportedIntegrations(profile);
  if (!supported) return [];
  return KNOWN_SYSTEMS.map((s) => ({ name: s.name, at: text.search(s.pattern) }))
    .filter((s) => s.at >= 0)
    .filter((s) => {
      const pattern = KNOWN_SYSTEMS.find((k) => k.name === s.name)!.pattern;
      return !supported.some((value) => pattern.test(value));
    })
    .sort((a, b) => a.at - b.at)
    .map((s) => s.name);
}
