// Manifest match patterns for every built-in CRM platform. Kept free of
// imports so wxt.config.ts and the content script can both use it.
export const CRM_MATCH_PATTERNS: string[] = [
  'https://*.lightning.force.com/*',
  'https://*.my.salesforce.com/*',
];
