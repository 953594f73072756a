// Reading a record's fields from the CRM page, as text. Runs in the script
// the background injects when the panel asks (entrypoints/page-fields.ts),
// never in the content script: no zod, no libraries. Turning the text into
// numbers, dates and Seamline's account fields is
// lib/core/domain/page-values.ts, outside the page.

/** What a CRM record page can tell Seamline beyond the record's name and website. */
// accountName is the account a deal page names (its account lookup), never the deal's own name.
export const PAGE_FIELDS = ['accountName', 'arr', 'employeeCount', 'industry', 'region', 'ownerAe', 'type', 'closeDate', 'stage'] as const;
export type PageField = (typeof PAGE_FIELDS)[number];

export type Reader = (doc: Document) => string | undefined;

/** How to find each field on a page; a field the map leaves out is not read. */
export type FieldMap = Partial<Record<PageField, Reader>>;

/** The text each field shows on the page; a field shown empty, or not shown, is absent. */
export type PageFieldText = Partial<Record<PageField, string>>;

const MAX = 200;
// What CRMs show in an empty field, including a picklist's "--None--".
const EMPTY = /^[\s\-–—]*(?:none[\s\-–—]*)?$/i;

const clean = (raw: string | null | undefined): string | undefined => {
  const v = (raw ?? '').replace(/\s+/g, ' ').trim();
  return EMPTY.test(v) ? undefined : v.slice(0, MAX);
};

/**
 * An element's text, never its markup: whitespace collapsed, capped,
 * undefined when empty. Form controls (the edit-in-place layouts of
 * Dynamics and HubSpot) give their value; a select its chosen option's label.
 */
export function textOf(el: Element | null | undefined): string | undefined {
  if (!el) return;
  if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') return clean((el as HTMLInputElement).value);
  if (el.tagName === 'SELECT') {
    const s = el as HTMLSelectElement;
    return clean(s.selectedIndex >= 0 ? s.options[s.selectedIndex]?.textContent : undefined);
  }
  return clean(el.textContent);
}

/** The first reader that finds a value. */
export const first =
  (...readers: Reader[]): Reader =>
  (doc) => {
    for (const r of readers) {
      const v = r(doc);
      if (v) return v;
    }
  };

/** The first element matching `selector` that shows a value; `inner` narrows to the part holding it (a lookup's link, not its buttons). */
export const bySelector =
  (selector: string, inner?: string): Reader =>
  (doc) => {
    for (const el of doc.querySelectorAll(selector)) {
      const v = textOf(inner ? el.querySelector(inner) : el);
      if (v) return v;
    }
  };

/**
 * A value shown beside its label, for apps whose attribute lists carry no
 * field names: among elements matching `labelSelector`, the one whose own
 * text is one of `labels` (exactly, ignoring case), and the value in the
 * element after it. Labels are the app's standard English ones.
 */
export const byLabel =
  (labelSelector: string, labels: string[], inner?: string): Reader =>
  (doc) => {
    const wanted = new Set(labels.map((l) => l.toLowerCase()));
    for (const label of doc.querySelectorAll(labelSelector)) {
      if (!wanted.has((label.firstChild?.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase())) continue;
      const value = label.nextElementSibling;
      const v = textOf(inner ? value?.querySelector(inner) : value);
      if (v) return v;
    }
  };

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
