import { z } from 'zod';
import { CrmPlatformSchema } from './crm-record';
import { HandoffTemplateSchema } from './handoff';
import { HealthWeightsSchema } from './health-snapshot';
import { IcpProfileSchema } from './icp';
import { LifecycleRulesSchema } from './lifecycle';
import { PlanTemplatesSchema } from './plan-template';
import { PersonSchema } from './primitives';
import { RaciMatrixSchema } from './raci';
import { ReminderSettingsSchema } from './reminders';
import { ServiceLevelsSchema } from './service-levels';
import { UserSiteSchema } from './user-site';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

// The token travels with every request, so plain HTTP is only acceptable when
// the backend is on this machine.
export const BackendUrlSchema = z
  .string()
  .trim()
  .min(1, 'enter the backend URL')
  .refine((s) => URL.canParse(s), 'not a valid URL')
  .refine((s) => {
    if (!URL.canParse(s)) return true;
    const u = new URL(s);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname));
  }, 'use https:// (plain http is allowed only for 127.0.0.1 or localhost)')
  .transform((s) => s.replace(/\/+$/, ''));

export const DataSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({ kind: z.literal('backend'), url: BackendUrlSchema }),
]);

export const PanelModeSchema = z.enum(['injected', 'native']);

// Who the person is in the revenue team: it decides whose promise a capture
// records ("made by" is the account's AE unless the AE is capturing).
export const UserRoleSchema = z.enum(['ae', 'csm', 'manager', 'revops']);

export const SettingsSchema = z.object({
  // Recorded as "made by"/"created by" on what this person captures.
  userName: PersonSchema,
  dataSource: DataSourceSchema,
  panelMode: PanelModeSchema,
  disabledPlatforms: z.array(CrmPlatformSchema),
  userSites: z.array(UserSiteSchema),
  contextMenuOnAllPages: z.boolean(),
  healthWeights: HealthWeightsSchema,
  icpProfile: IcpProfileSchema,
  handoffTemplate: HandoffTemplateSchema,
  // Per segment; the kickoff SLA that used to be one number lives here.
  serviceLevels: ServiceLevelsSchema,
  dueSoonDays: z.number().int().min(1).max(90),
  planTemplates: PlanTemplatesSchema,
  lifecycleRules: LifecycleRulesSchema,
  raci: RaciMatrixSchema,
  reminders: ReminderSettingsSchema,
  // null until the person says, on the first-run page or in the options.
  userRole: UserRoleSchema.nullable(),
  // Who may approve or reject an ICP exception; empty means no one is named
  // yet and anyone may decide.
  approvers: z.array(PersonSchema).max(50),
  // Accounts in onboarding one CSM can carry (the dashboard's capacity figure).
  csmCapacity: z.number().int().min(1).max(1000),
});

export type DataSource = z.infer<typeof DataSourceSchema>;
export type PanelMode = z.infer<typeof PanelModeSchema>;
export type UserRole = z.infer<typeof UserRoleSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
