import { AccountSchema, type Account, type AccountInput } from '../lib/core/domain/account';

// A stored account (id, version and timestamps set) for tests of the pure
// rules, which take accounts as the store returns them.
export const STORED_AT = '2024-01-01T09:00:00Z';

export function storedAccount(id: string, overrides: Partial<AccountInput> = {}): Account {
  return AccountSchema.parse({
    version: 1,
    createdAt: STORED_AT,
    updatedAt: STORED_AT,
    id,
    name: id,
    segment: 'mid-market',
    arr: 100,
    lifecycleStage: 'onboarding',
    ...overrides,
  });
}
