// Matching a CRM page to a Seamline account when no link exists yet relies on
// names and domains typed by different people in different tools, so both are
// reduced to a comparable key first.

// Legal-form words that differ between systems for the same company. Matched
// as whole trailing words only, so "Corp" is stripped but "Corpus" is not.
const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'plc',
  'pty',
  'pte',
  'oy',
  'ab',
  'as',
  'aps',
  'kk',
  'kg',
  'sl',
  'se',
  'ulc',
]);

/** Lower case, no diacritics, no punctuation, single spaces, legal forms removed. */
export function normaliseAccountName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // Dotted abbreviations (S.A., B.V.) collapse to one word before punctuation becomes a separator.
    .replace(/\b([a-z])\.(?=[a-z]\.)/g, '$1')
    .replace(/\b([a-z])\.(?![a-z])/g, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  // Keep at least one word: a company called "Co" stays "co".
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

/**
 * A URL, host name or e-mail address reduced to its lower-case host without
 * `www.`, port, path or trailing dot. Returns '' when nothing host-like is there.
 */
export function normaliseDomain(input: string): string {
  let s = input.trim().toLowerCase();
  const at = s.lastIndexOf('@');
  if (at >= 0 && !s.includes('/')) s = s.slice(at + 1);
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '');
  s = s.split(/[/?#]/)[0] ?? '';
  s = s.slice(s.lastIndexOf('@') + 1);
  s = s.replace(/:\d*$/, '').replace(/\.+$/, '');
  let host: string;
  try {
    // The URL parser applies IDNA, so a Unicode domain and its punycode form agree.
    host = new URL(`https://${s}`).hostname;
  } catch {
    return '';
  }
  host = host.replace(/^(www\d*\.)+/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : '';
}
