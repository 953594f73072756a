import { parseIsoDate } from '../../lib/core/domain/dates';

// Formatting follows the browser's locale: the panel is read by one person in
// their own language, unlike exports, which use fixed formats.

// Building an Intl formatter costs far more than formatting with one, and a
// dashboard paints hundreds of amounts and dates at once: one formatter per
// locale and style, made on first use. A currency Intl refuses is remembered
// as refused, so the fallback does not try it again.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | null>();

function formatterOf<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F | null {
  let f = formatters.get(key);
  if (f === undefined) {
    try {
      f = make();
    } catch {
      f = null;
    }
    formatters.set(key, f);
  }
  return f as F | null;
}

export function formatMoney(amount: number, currency: string, locale?: string): string {
  const money = formatterOf(
    `money|${locale ?? ''}|${currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }),
  );
  if (money) return money.format(amount);
  // An unknown currency code from a CRM must not blank the header.
  const plain = formatterOf(`number|${locale ?? ''}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
  return `${plain ? plain.format(amount) : String(Math.round(amount))} ${currency}`;
}

export function formatDate(iso: string | undefined | null, locale?: string): string {
  if (!iso) return '—';
  const date = formatterOf(`date|${locale ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));
  if (!date) return iso;
  try {
    return date.format(parseIsoDate(iso));
  } catch {
    return iso;
  }
}

export function formatDateTime(iso: string | undefined | null, locale?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const dateTime = formatterOf(`datetime|${locale ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
  return dateTime ? dateTime.format(d) : iso;
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/**
 * The href to use for a URL that came from a page or a backend, or null when
 * it must not become a link (javascript:, data:, relative or malformed).
 */
export function safeHref(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
