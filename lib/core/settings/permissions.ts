import type { Settings } from '../domain/settings';
import { userSiteMatchPatterns, type UserSite } from '../domain/user-site';

/** Host permission pattern for a backend. Chrome's host permissions carry no port, so the pattern covers the host. */
export function backendOriginPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

/** Every optional host permission a configuration relies on: its sites' patterns and the backend's origin. */
export function originsOf(s: Settings): Set<string> {
  const set = new Set(s.userSites.flatMap(userSiteMatchPatterns));
  if (s.dataSource.kind === 'backend') set.add(backendOriginPattern(s.dataSource.url));
  return set;
}

// One registered content script per user site, found again by this prefix.
export const USER_SITE_SCRIPT_PREFIX = 'seamline-site:';

export function userSiteScriptId(site: UserSite): string {
  return site.type === 'domain' ? `${USER_SITE_SCRIPT_PREFIX}${site.platform}@${site.host}` : `${USER_SITE_SCRIPT_PREFIX}custom:${site.slug}`;
}

export function userSiteLabel(site: UserSite): string {
  return site.type === 'domain' ? site.host : site.name;
}
