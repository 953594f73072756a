import { z } from 'zod';
import { safeParseOf } from '../parse';
import { slugify } from '../domain/user-site';
import type { HandoffItem, HandoffSection, HandoffTemplate } from '../domain/handoff';
import { fieldPath } from '../errors';

/** Field path → first message, for showing errors next to the fields they are about. */
export const FieldErrorsSchema = z.record(z.string(), z.string());
export type FieldErrors = z.infer<typeof FieldErrorsSchema>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a whole form with its schema. Either every field is valid and the
 * parsed value comes back, or nothing does: a form is never saved half-valid.
 */
export function validateForm<S extends z.ZodType>(schema: S, input: unknown): FormResult<z.infer<S>> {
  const r = safeParseOf(schema, input);
  if (r.success) return { ok: true, value: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = fieldPath(issue.path);
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/**
 * Parses a number field. Empty means "not set" (undefined); anything that is
 * not a finite number is passed through as NaN so the schema rejects it with a
 * message rather than the form turning it into 0.
 */
export function numberInput(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function listInput(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// ---------------------------------------------------------------------------
// Checklist template editing. Item ids are fixed when an item is created and
// never derived from the label again, because saved answers are keyed by them.
// ---------------------------------------------------------------------------

function allIds(t: HandoffTemplate): Set<string> {
  const ids = new Set<string>();
  for (const s of t.sections) {
    ids.add(s.id);
    for (const i of s.items) ids.add(i.id);
  }
  return ids;
}

/** A slug of the label, unique among `taken` (ids of archived items stay taken) and at most `maxLength` long. */
export function newStableId(label: string, taken: ReadonlySet<string>, maxLength = 64): string {
  const base = slugify(label).slice(0, maxLength).replace(/-+$/, '') || 'item';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = `${base.slice(0, maxLength - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(id)) return id;
  }
}

export function addItem(t: HandoffTemplate, sectionId: string, label: string): HandoffTemplate {
  const id = newStableId(label, allIds(t));
  const item: HandoffItem = { id, label, required: false };
  return mapSection(t, sectionId, (s) => ({ ...s, items: [...s.items, item] }));
}

export function addSection(t: HandoffTemplate, title: string): HandoffTemplate {
  const id = newStableId(title, allIds(t));
  return { ...t, sections: [...t.sections, { id, title, items: [] }] };
}

export function updateItem(t: HandoffTemplate, itemId: string, patch: Partial<Omit<HandoffItem, 'id'>>): HandoffTemplate {
  return {
    ...t,
    sections: t.sections.map((s) => ({ ...s, items: s.items.map((i) => (i.id === itemId ? { ...i, ...patch } : i)) })),
  };
}

/** Removing an item archives it: answers recorded against it keep their meaning and it can be restored. */
export function archiveItem(t: HandoffTemplate, itemId: string): HandoffTemplate {
  return updateItem(t, itemId, { archived: true });
}

export function restoreItem(t: HandoffTemplate, itemId: string): HandoffTemplate {
  return {
    ...t,
    sections: t.sections.map((s) => ({
      ...s,
      items: s.items.map((i) => {
        if (i.id !== itemId) return i;
        const { archived: _archived, ...rest } = i;
        return rest;
      }),
    })),
  };
}

/** Moves an item up (-1) or down (+1) among the section's items; archived items keep their place. */
export function moveItem(t: HandoffTemplate, itemId: string, delta: -1 | 1): HandoffTemplate {
  return {
    ...t,
    sections: t.sections.map((s) => {
      const i = s.items.findIndex((x) => x.id === itemId);
      if (i < 0) return s;
      return { ...s, items: swap(s.items, i, i + delta) };
    }),
  };
}

export function moveSection(t: HandoffTemplate, sectionId: string, delta: -1 | 1): HandoffTemplate {
  const i = t.sections.findIndex((s) => s.id === sectionId);
  return i < 0 ? t : { ...t, sections: swap(t.sections, i, i + delta) };
}

export function renameSection(t: HandoffTemplate, sectionId: string, title: string): HandoffTemplate {
  return mapSection(t, sectionId, (s) => ({ ...s, title }));
}

function mapSection(t: HandoffTemplate, sectionId: string, f: (s: HandoffSection) => HandoffSection): HandoffTemplate {
  return { ...t, sections: t.sections.map((s) => (s.id === sectionId ? f(s) : s)) };
}

function swap<T>(list: readonly T[], i: number, j: number): T[] {
  if (j < 0 || j >= list.length) return [...list];
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}
