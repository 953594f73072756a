import type { Browser, Scripting } from 'webextension-polyfill';
import { userSiteMatchPatterns, type UserSite } from '../../lib/core/domain/user-site';
import { USER_SITE_SCRIPT_PREFIX, userSiteLabel, userSiteScriptId } from '../../lib/core/settings/permissions';

// The person's own CRM domains and in-house tools get the content script by
// dynamic registration, each behind its own host permission.

export type UserSitesApi = Pick<Browser, 'permissions' | 'scripting'>;

/**
 * Makes the registered user-site scripts exactly those of `sites` that have
 * their host permission. Registrations can be lost on an update, so this runs
 * at every start as well as after each change.
 */
export async function syncUserSiteScripts(
  api: UserSitesApi,
  sites: readonly UserSite[],
): Promise<{ registered: string[]; withoutPermission: string[] }> {
  const existing = await api.scripting.getRegisteredContentScripts();
  const ours = existing.map((s) => s.id).filter((id) => id.startsWith(USER_SITE_SCRIPT_PREFIX));
  if (ours.length) await api.scripting.unregisterContentScripts({ ids: ours });
  const wanted: Scripting.RegisteredContentScript[] = [];
  const withoutPermission: string[] = [];
  for (const site of sites) {
    const matches = userSiteMatchPatterns(site);
    if (matches.length === 0) continue;
    if (!(await api.permissions.contains({ origins: matches }))) {
      withoutPermission.push(userSiteLabel(site));
      continue;
    }
    wanted.push({ id: userSiteScriptId(site), matches, js: ['content-scripts/content.js'], runAt: 'document_idle', persistAcrossSessions: true });
  }
  if (wanted.length) await api.scripting.registerContentScripts(wanted);
  return { registered: wanted.map((w) => w.id), withoutPermission };
}
