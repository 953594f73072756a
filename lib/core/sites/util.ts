// Shared by every adapter. This folder ships in the content script, so it
// stays dependency-free: types only from lib/core/domain, no zod at runtime.
import type { BuiltinPlatform, CrmRecordRef, RecordKind } from '../domain/crm-record';

/** What an adapter's path rules find; the registry adds platform and host. */
export interface Hit {
  objectType: string;
  kind: RecordKind;
  recordId: string;
  /** Where the address, not the host, names the tenant (see identity.ts). */
  tenant?: string;
  name?: string;
  websiteDomain?: string;
}

export interface SiteAdapter {
  platform: BuiltinPlatform;
  label: string;
  /** Manifest match patterns for the platform's own hosts. */
  matches: string[];
  /** The platform's own hosts (exact, anchored). */
  host: RegExp;
  /** Path rules only; user-configured custom domains reuse them on other hosts. */
  read(url: URL, doc?: Document): Hit | null;
  detect(url: URL, doc?: Document): CrmRecordRef | null;
}

// Adapters build their examples inside a /* @__PURE__ */ IIFE so the content
// script bundle drops them; only tests import them.
export type ExpectedRef = Pick<CrmRecordRef, 'platform' | 'host' | 'objectType' | 'kind' | 'recordId' | 'tenant'>;
export interface Examples {
  positive: { url: string; ref: ExpectedRef }[];
  negative: string[];
}

type AdapterDef = Omit<SiteAdapter, 'detect'>;

export function site(def: AdapterDef): SiteAdapter {
  return {
    ...def,
    detect: (u, d) => (u.protocol == 'https:' && def.host.test(u.hostname) ? withHost(def.platform, u.hostname, def.read(u, d)) : null),
  };
}

export function withHost(platform: CrmRecordRef['platform'], host: string, hit: Hit | null): CrmRecordRef | null {
  return hit && { platform, host, ...hit };
}

export function seg(u: URL): string[] {
  return u.pathname.split('/').filter(Boolean);
}

/** Query parameters from the search part, then from a `#/route?query` hash. */
export function param(u: URL, key: string): string | null {
  const h = u.hash.indexOf('?');
  return u.searchParams.get(key) ?? (h < 0 ? null : new URLSearchParams(u.hash.slice(h + 1)).get(key));
}

const MAX = 200;

/** Page text, never markup: textContent or a form field's value, whitespace collapsed and capped. */
export function text(doc: Document | undefined, sel: string): string | undefined {
  const el = doc?.querySelector(sel);
  if (!el) return;
  const v = (/^(INPUT|TEXTAREA)$/.test(el.tagName) ? (el as HTMLInputElement).value : el.textContent) ?? '';
  return v.replace(/\s+/g, ' ').trim().slice(0, MAX) || undefined;
}

/** A website read from a link's href (preferred) or its text, reduced to a bare lower-case host. */
export function domain(doc: Document | undefined, sel: string): string | undefined {
  const el = doc?.querySelector(sel);
  if (!el) return;
  for (const raw of [el.getAttribute('href'), /^(INPUT|TEXTAREA)$/.test(el.tagName) ? (el as HTMLInputElement).value : null, el.textContent]) {
    const h = (raw ?? '')
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .split(/[/?#:]/)[0]!
      .replace(/^.*@/, '')
      .replace(/^www\d*\./, '')
      .replace(/\.$/, '');
    if (h.length < 254 && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(h)) return h;
  }
}

/** Adds the page-read name and website to a hit when the page has them. */
export function page(hit: Hit, doc: Document | undefined, nameSel: string, webSel?: string): Hit {
  const name = text(doc, nameSel);
  const web = webSel ? domain(doc, webSel) : undefined;
  if (name) hit.name = name;
  if (web) hit.websiteDomain = web;
  return hit;
}

export const isNum = (s: string | undefined): s is string => !!s && /^\d{1,20}$/.test(s);
export const isHex24 = (s: string | undefined): s is string => !!s && /^[0-9a-f]{24}$/i.test(s);
export const isUuid = (s: string | undefined): s is string => !!s && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
