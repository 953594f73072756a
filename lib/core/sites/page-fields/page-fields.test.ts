import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { FIELD_SKELETONS, FIXTURE_EXTRA_RECORDS, FIXTURE_SCRIPT_FILE } from '../../../../e2e/fixtures/generate';
import { FIXTURE_RECORDS, type FixtureRecord } from '../../../demo/fixture-records';
import type { BuiltinPlatform } from '../../domain/crm-record';
import { parsePageValues } from '../../domain/page-values';
import { PAGE_FIELDS, type PageField } from '../fields';
import { detectRecord } from '../index';
import { readRecordFields } from './index';

// Every adapter's field map, read from its fixture page: the page the e2e
// tests and the demo use, whose markup imitates each app's own field markers.

const dir = join(process.cwd(), 'e2e/fixtures');
const shell = readFileSync(FIXTURE_SCRIPT_FILE, 'utf8');
const windows: Window[] = [];
afterEach(async () => {
  for (const w of windows.splice(0)) await w.happyDOM.close();
});

async function load(platform: string, url: string) {
  const win = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
    },
  });
  windows.push(win);
  win.document.write(readFileSync(join(dir, `${platform}.html`), 'utf8'));
  win.eval(shell);
  await win.happyDOM.waitUntilComplete();
  return win.document as unknown as Document;
}

/** A page holding every field skeleton of one platform and object type, each showing `text` as the app would: as text. */
function pageWith(platform: BuiltinPlatform, objectType: string, text: (field: PageField) => string): Document {
  const win = new Window({ url: 'https://fixture.example/' });
  windows.push(win);
  const doc = win.document as unknown as Document;
  const skeletons = FIELD_SKELETONS[platform][objectType] ?? FIELD_SKELETONS[platform]['*'] ?? {};
  for (const [field, html] of Object.entries(skeletons) as [PageField, string][]) {
    const t = doc.createElement('template');
    t.innerHTML = html;
    const v = t.content.querySelector<HTMLInputElement>('[data-v]')!;
    if (v.tagName === 'INPUT') v.value = text(field);
    else v.textContent = text(field);
    doc.body.appendChild(t.content);
  }
  return doc;
}

const withFields = [...FIXTURE_RECORDS, ...Object.values(FIXTURE_EXTRA_RECORDS).flat()].filter(
  (r): r is FixtureRecord & { fields: object } => !!r.fields,
);
const kinds = (Object.keys(FIELD_SKELETONS) as BuiltinPlatform[]).flatMap((platform) =>
  Object.keys(FIELD_SKELETONS[platform]).map((objectType) => {
    // Dynamics opportunities have no fixture record; their kind is the deal.
    const sample = FIXTURE_RECORDS.find((r) => r.platform === platform && (objectType === '*' || r.objectType === objectType));
    return [
      platform,
      objectType,
      sample ? { platform, objectType: sample.objectType, kind: sample.kind } : { platform, objectType, kind: 'deal' as const },
    ] as const;
  }),
);

describe('field maps on the fixture pages', () => {
  it('every platform has a fixture record with fields', () => {
    expect(new Set(withFields.map((r) => r.platform))).toEqual(new Set(Object.keys(FIELD_SKELETONS)));
  });

  it.each(withFields.map((r) => [r.platform, r.url, r] as const))('%s page at %s: the map reads exactly what the page shows', async (p, url, rec) => {
    const doc = await load(p, url);
    const record = detectRecord(url, doc)!;
    expect(record.recordId).toBe(rec.recordId);
    expect(readRecordFields(record, doc)).toEqual(rec.fields);
  });

  it.each(kinds)('%s %s: markup in a field is read as its text and nothing runs', (platform, objectType, record) => {
    const hostile = (f: PageField) => `<img src=x onerror="window.__ran=1">${f}<script>window.__ran=1</script>`;
    const doc = pageWith(platform, objectType, hostile);
    (doc.defaultView as unknown as { __ran?: number }).__ran = 0;
    const read = readRecordFields(record, doc);
    const fields = Object.keys(read) as PageField[];
    expect(new Set(fields)).toEqual(new Set(Object.keys(FIELD_SKELETONS[platform][objectType]!)));
    for (const f of fields) expect(read[f]).toBe(hostile(f));
    expect(doc.querySelectorAll('img, script')).toHaveLength(0);
    expect((doc.defaultView as unknown as { __ran?: number }).__ran).toBe(0);
    // The parsed values keep the text as text too, or refuse it; nothing becomes markup.
    const { values, unreadable } = parsePageValues(read);
    for (const v of Object.values(values)) if (typeof v === 'string') expect(v).toContain('<img');
    expect(unreadable.map((u) => u.field)).toEqual(expect.arrayContaining(fields.filter((f) => ['arr', 'employeeCount', 'closeDate'].includes(f))));
  });

  it.each(kinds)('%s %s: malformed numbers and dates are shown as unreadable with the page’s text, never guessed', (platform, objectType, record) => {
    const bad: Partial<Record<PageField, string>> = { arr: '$12.3.4M', employeeCount: '1001-5000', closeDate: '01/02/2026' };
    const doc = pageWith(platform, objectType, (f) => bad[f] ?? 'Software');
    const { values, unreadable } = parsePageValues(readRecordFields(record, doc));
    const numeric = PAGE_FIELDS.filter((f) => f in bad && (FIELD_SKELETONS[platform][objectType] ?? {})[f]);
    expect(unreadable.map((u) => [u.field, u.text])).toEqual(numeric.map((f) => [f, bad[f]]));
    for (const f of numeric) expect(values).not.toHaveProperty(f);
  });

  it.each(kinds)('%s %s: an empty page, and another app’s fields, read nothing', (platform, objectType, record) => {
    expect(
      readRecordFields(
        record,
        pageWith(platform, objectType, () => ' — '),
      ),
    ).toEqual({});
    for (const other of Object.keys(FIELD_SKELETONS) as BuiltinPlatform[]) {
      if (other === platform) continue;
      for (const ot of Object.keys(FIELD_SKELETONS[other]))
        expect(
          readRecordFields(
            record,
            pageWith(other, ot, () => 'Software'),
          ),
        ).toEqual({});
    }
  });

  it('records without a map read nothing: tickets, contacts, in-house tools', async () => {
    const doc = pageWith('salesforce', 'Account', () => 'Software');
    expect(readRecordFields({ platform: 'salesforce', objectType: 'Case', kind: 'ticket' }, doc)).toEqual({});
    expect(readRecordFields({ platform: 'custom:intranet', objectType: 'client', kind: 'account' }, doc)).toEqual({});
    expect(
      readRecordFields(
        { platform: 'zendesk', objectType: 'user', kind: 'contact' },
        pageWith('zendesk', '*', () => 'Software'),
      ),
    ).toEqual({});
  });
});
