import type { z } from 'zod';
import { SettingsSchema } from './domain/settings';

// What the extension's pages need of the team backend's contract
// (http-contract.ts re-exports both): kept apart so that a page loading
// settings does not build every route's schemas.

export { RoleSchema, type Role } from './role';

/**
 * What a workspace admin publishes for every member: the ICP profile, the
 * handoff checklist template and the health weights, each validated with the
 * schema of the setting it replaces.
 */
export const TeamSettingsSchema = SettingsSchema.pick({ icpProfile: true, handoffTemplate: true, healthWeights: true });
export type TeamSettings = z.infer<typeof TeamSettingsSchema>;
