import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContentConfigSchema, PanelStateSchema } from './to-background';
import { ToContentMessageSchema } from './to-content';
import { isContentConfig, isPanelState, isToContentMessage } from './to-content-check';

// The content script checks by hand what the zod schemas define (it carries
// no zod). These properties hold the hand checks to the schemas: for any
// value, valid by one means valid by the other.

const nearMessage = fc.record(
  {
    channel: fc.constantFrom('seamline', 'other', undefined),
    type: fc.constantFrom('toggle-panel', 'open-panel', 'close-panel', 'recheck', 'resize-panel', 'toast', 'badge', 'data', '', 7),
    width: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(undefined)),
    text: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
    color: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
    title: fc.oneof(fc.string(), fc.constant(null), fc.constant(undefined)),
  },
  { requiredKeys: [] },
);

const nearState = fc.record(
  { open: fc.oneof(fc.boolean(), fc.constant('yes')), width: fc.oneof(fc.integer({ min: 100, max: 1200 }), fc.double(), fc.string()) },
  { requiredKeys: [] },
);

const nearConfig = fc.record(
  {
    userSites: fc.oneof(
      fc.constant([]),
      fc.array(fc.constant({ type: 'domain', platform: 'salesforce', host: 'crm.acme.example' }), { maxLength: 2 }),
      fc.constant('x'),
    ),
    disabledPlatforms: fc.oneof(fc.constant([]), fc.constant(['zendesk']), fc.constant([1]), fc.constant(null)),
    panelMode: fc.constantFrom('injected', 'native', 'floating', undefined),
    panelStates: fc.oneof(
      fc.dictionary(fc.constantFrom('salesforce', 'hubspot', 'custom:acme', 'myspace'), nearState, { maxKeys: 3 }),
      fc.constant([]),
      fc.constant(null),
    ),
  },
  { requiredKeys: [] },
);

describe('hand checks in the content script agree with the contract', () => {
  it('isToContentMessage ⇔ ToContentMessageSchema', () => {
    fc.assert(fc.property(fc.oneof(nearMessage, fc.anything()), (v) => isToContentMessage(v) === ToContentMessageSchema.safeParse(v).success));
  });

  it('isPanelState ⇔ PanelStateSchema', () => {
    fc.assert(fc.property(fc.oneof(nearState, fc.anything()), (v) => isPanelState(v) === PanelStateSchema.safeParse(v).success));
  });

  it('isContentConfig accepts every valid config and refuses what the schema refuses at the top level', () => {
    fc.assert(
      fc.property(fc.oneof(nearConfig, fc.anything()), (v) => {
        // The schema is stricter inside each user site (the background built them
        // from validated settings) and about the panel states' keys (platform
        // names); the hand check never accepts less.
        if (ContentConfigSchema.safeParse(v).success) return isContentConfig(v);
        if (!isContentConfig(v)) return true;
        const { userSites, panelStates } = v as { userSites: unknown[]; panelStates: object };
        return userSites.length > 0 || Object.keys(panelStates).some((k) => !['salesforce', 'hubspot', 'custom:acme'].includes(k));
      }),
    );
  });

  it('refuses a message of another channel or an unknown type', () => {
    expect(isToContentMessage({ channel: 'seamline', type: 'toast', text: 'Saved' })).toBe(true);
    expect(isToContentMessage({ channel: 'other', type: 'toast', text: 'Saved' })).toBe(false);
    expect(isToContentMessage({ channel: 'seamline', type: 'eval', code: 'alert(1)' })).toBe(false);
    expect(isToContentMessage({ channel: 'seamline', type: 'resize-panel', width: Number.NaN })).toBe(false);
  });
});
