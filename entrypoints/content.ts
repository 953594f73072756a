import { defineContentScript } from '#imports';
import { CRM_MATCH_PATTERNS } from '../lib/sites/matches';

export default defineContentScript({
  matches: CRM_MATCH_PATTERNS,
  runAt: 'document_idle',
  main() {
    document.documentElement.dataset.seamline = 'loaded';
  },
});
