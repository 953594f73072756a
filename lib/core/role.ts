import { z } from 'zod';

// A member's role in a team workspace, apart from the team settings (team.ts),
// whose schema is the settings': what a connection reports builds no settings.

export const RoleSchema = z.enum(['admin', 'member', 'read-only']);
export type Role = z.infer<typeof RoleSchema>;
