// Reading a record's fields from the CRM page, as text. Ships in the content
// script: no zod, no libraries. Turning the text into numbers, dates and
// Seamline's account fields is lib/core/domain/page-values.ts, outside the page.

/** What a CRM record page can tell Seamline beyond the record's name and website. */
export const PAGE_FIELDS = ['arr', 'employeeCount', 'industry', 'region', 'ownerAe', 'type', 'closeDate', 'stage'] as const;
export type PageField = (typeof PAGE_FIELDS)[number];

/** How to find each field on a page; a field the map leaves out is not read. */
export type FieldMap = Partial<Record<PageField, (doc: Document) => string | undefined>>;

/** The text each field shows on the page; a field shown empty, or not shown, is absent. */
export type PageFieldText = Partial<Record<PageField, string>>;

const MAX = 200;
// What CRMs show in an empty field.
const EMPTY = /^[\s\-–—]*$/;

/** An element's text, never its markup: whitespace collapsed, capped, undefined when empty. */
export function textOf(el: Element | null | undefined): string | undefined {
  if (!el) return;
  const v = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  return EMPTY.test(v) ? undefined : v.slice(0, MAX);
}

/** Reads every field in the map; a reader that throws on a strange page reads nothing. */
export function readFields(doc: Document, map: FieldMap): PageFieldText {
  const out: PageFieldText = {};
  for (const field of PAGE_FIELDS) {
    const read = map[field];
    if (!read) continue;
    try {
      const v = read(doc);
      if (v !== undefined) out[field] = v;
    } catch {
      // A page that breaks the reader shows nothing readable for that field.
    }
  }
  return out;
}
