import { describe, expect, it } from 'vitest';
import { DEFAULT_HANDOFF_TEMPLATE, DEFAULT_ICP_PROFILE, DEFAULT_HEALTH_WEIGHTS, DEFAULT_SETTINGS } from '../domain/defaults';
import { backendOriginPattern, originsOf } from './permissions';
import { HandoffTemplateSchema } from '../domain/handoff';
import { HealthWeightsSchema } from '../domain/health-snapshot';
import { IcpProfileSchema } from '../domain/icp';
import { BackendUrlSchema } from '../domain/settings';
import { UserSiteSchema } from '../domain/user-site';
import {
  addItem,
  addSection,
  archiveItem,
  listInput,
  moveItem,
  newStableId,
  moveSection,
  numberInput,
  restoreItem,
  updateItem,
  validateForm,
} from './form';

const itemIds = (t: typeof DEFAULT_HANDOFF_TEMPLATE, sectionIdx = 0) => t.sections[sectionIdx]!.items.map((i) => i.id);

describe('validateForm', () => {
  it.each([
    ['http://crm.acme-corp.example', /https/],
    ['not a url', /not a valid URL/],
    ['', /enter the backend URL/],
  ])('rejects the backend URL %j with a message', (url, message) => {
    const r = validateForm(BackendUrlSchema, url);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors['']).toMatch(message);
  });

  it.each(['https://seamline.acme-corp.example/', 'http://127.0.0.1:8787', 'http://localhost:3000'])('accepts %s', (url) => {
    expect(validateForm(BackendUrlSchema, url).ok).toBe(true);
  });

  it('puts each ICP problem at its field path', () => {
    const profile = {
      ...DEFAULT_ICP_PROFILE,
      fitThreshold: 40,
      fringeThreshold: 60,
      rules: DEFAULT_ICP_PROFILE.rules.map((r, i) => (i === 1 ? { ...r, min: 900, max: 100 } : i === 2 ? { ...r, weight: -1 } : r)),
    };
    const r = validateForm(IcpProfileSchema, profile);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['fringeThreshold', 'rules[1]', 'rules[2].weight']);
  });

  it('refuses health weights that are all zero, and a negative weight', () => {
    const zero = Object.fromEntries(Object.keys(DEFAULT_HEALTH_WEIGHTS).map((k) => [k, 0]));
    expect(validateForm(HealthWeightsSchema, zero)).toEqual({ ok: false, errors: { '': 'at least one weight must be positive' } });
    const neg = validateForm(HealthWeightsSchema, { ...DEFAULT_HEALTH_WEIGHTS, support: -5 });
    expect(!neg.ok && Object.keys(neg.errors)).toEqual(['support']);
  });

  it('reports a custom domain site with a bad host at "host"', () => {
    const r = validateForm(UserSiteSchema, { type: 'domain', platform: 'salesforce', host: 'https://crm.acme/x' });
    expect(!r.ok && Object.keys(r.errors)).toEqual(['host']);
  });
});

describe('number and list inputs', () => {
  it('keeps empty as unset and garbage as NaN, never 0', () => {
    expect(numberInput('  ')).toBeUndefined();
    expect(numberInput('12.5')).toBe(12.5);
    expect(numberInput('12k')).toBeNaN();
  });
  it('splits lists on commas and lines', () => {
    expect(listInput('Software, Fintech\n\nLogistics ,')).toEqual(['Software', 'Fintech', 'Logistics']);
  });
});

describe('checklist template editing', () => {
  const t0 = DEFAULT_HANDOFF_TEMPLATE;
  const first = t0.sections[0]!;

  it('gives a new item a slug id once; relabelling never changes it', () => {
    const t1 = addItem(t0, first.id, 'Budget owner confirmed');
    const added = t1.sections[0]!.items.at(-1)!;
    expect(added.id).toBe('budget-owner-confirmed');
    const t2 = updateItem(t1, added.id, { label: 'Economic buyer confirmed in writing' });
    expect(t2.sections[0]!.items.at(-1)).toMatchObject({ id: 'budget-owner-confirmed', label: 'Economic buyer confirmed in writing' });
    expect(HandoffTemplateSchema.safeParse(t2).success).toBe(true);
  });

  it('never reuses an id, including one held by an archived item', () => {
    const existing = first.items[0]!;
    const archived = archiveItem(t0, existing.id);
    const t1 = addItem(archived, t0.sections[1]!.id, existing.label);
    const added = t1.sections[1]!.items.at(-1)!;
    expect(added.id).not.toBe(existing.id);
    expect(HandoffTemplateSchema.safeParse(t1).success).toBe(true);
    expect(addSection(t1, first.title).sections.at(-1)!.id).not.toBe(first.id);
  });

  it('archives instead of deleting, and restores', () => {
    const id = first.items[1]!.id;
    const archived = archiveItem(t0, id);
    expect(itemIds(archived)).toEqual(itemIds(t0));
    expect(archived.sections[0]!.items[1]).toMatchObject({ id, archived: true });
    expect(restoreItem(archived, id).sections[0]!.items[1]).toEqual(first.items[1]);
  });

  it('moves items and sections one step, and not past the ends', () => {
    const [a, b, c] = itemIds(t0);
    expect(itemIds(moveItem(t0, b!, -1))).toEqual([b, a, c]);
    expect(itemIds(moveItem(t0, c!, 1))).toEqual([a, b, c]);
    const moved = moveSection(t0, t0.sections[1]!.id, -1);
    expect(moved.sections.map((s) => s.id).slice(0, 2)).toEqual([t0.sections[1]!.id, t0.sections[0]!.id]);
  });
});

describe('host permissions a configuration needs', () => {
  it('covers the backend host on any port, and each site pattern', () => {
    const s = {
      ...DEFAULT_SETTINGS,
      dataSource: { kind: 'backend' as const, url: 'http://127.0.0.1:8787' },
      userSites: [{ type: 'domain' as const, platform: 'salesforce' as const, host: 'crm.acme-corp.example' }],
    };
    expect([...originsOf(s)]).toEqual(['https://crm.acme-corp.example/*', 'http://127.0.0.1/*']);
    expect(backendOriginPattern('https://seamline.acme-corp.example/api')).toBe('https://seamline.acme-corp.example/*');
  });
});

describe('newStableId', () => {
  it('stays within the length limit when it has to add a number', () => {
    const name = 'Acme Corporation Customer Administration Console';
    const first = newStableId(name, new Set(), 40);
    const second = newStableId(name, new Set([first]), 40);
    expect(first.length).toBeLessThanOrEqual(40);
    expect(second).toMatch(/-2$/);
    expect(second.length).toBeLessThanOrEqual(40);
    expect(second).not.toBe(first);
  });
});
