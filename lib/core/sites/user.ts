import type { CrmRecordRef } from '../domain/crm-record';
import type { UserSite } from '../domain/user-site';
import { page, withHost, type SiteAdapter } from './util';

/** Records on user-configured sites: custom domains of known platforms, and URL templates of in-house tools. */
export function detectUserSite(u: URL, doc: Document | undefined, sites: UserSite[], adapters: SiteAdapter[]): CrmRecordRef | null {
  if (u.protocol != 'https:') return null;
  for (const s of sites) {
    if (s.type == 'domain') {
      const a = s.host == u.hostname && adapters.find((x) => x.platform == s.platform);
      const r = a && withHost(a.platform, u.hostname, a.read(u, doc));
      if (r) return r;
      continue;
    }
    const [before = '', after = ''] = s.urlTemplate.split('{id}');
    // Normalise the template prefix the way the browser normalises page URLs (host case, default port).
    const b = new URL(before).href;
    if (!u.href.startsWith(b)) continue;
    const rest = u.href.slice(b.length);
    const raw = /^[^/?#&]{1,128}/.exec(rest)?.[0];
    if (!raw) continue;
    const tail = rest.slice(raw.length);
    if (!tail.startsWith(after) || !/^([/?#&]|$)/.test(tail.slice(after.length))) continue;
    let id: string;
    try {
      id = decodeURIComponent(raw);
    } catch {
      continue;
    }
    return { platform: `custom:${s.slug}`, host: u.hostname, ...page({ objectType: s.objectType, kind: s.kind, recordId: id }, doc, 'h1') };
  }
  return null;
}
