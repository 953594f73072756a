import { parseIsoDate } from '../../lib/core/domain/dates';

// Formatting follows the browser's locale: the panel is read by one person in
// their own language, unlike exports, which use fixed formats.

export function formatMoney(amount: number, currency: string, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    // An unknown currency code from a CRM must not blank the header.
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(amount)} ${currency}`;
  }
}

export function formatDate(iso: string | undefined | null, locale?: string): string {
  if (!iso) return '—';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(parseIsoDate(iso));
  } catch {
    return iso;
  }
}

export function formatDateTime(iso: string | undefined | null, locale?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
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
