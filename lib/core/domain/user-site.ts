import { z } from 'zod';
import { TextSchema } from './primitives';
import { BuiltinPlatformSchema, RecordKindSchema } from './crm-record';

// A DNS host name as the browser reports it: lower case, no port, no wildcard.
// Loopback and IP literals are refused because a content script registered
// there would run on whatever local service answers.
const HOST_RE = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;
export const SiteHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(HOST_RE, 'enter a host name such as crm.acme-corp.com')
  .refine((h) => h !== 'localhost' && !h.endsWith('.localhost'), 'local hosts are not allowed');

export const SiteSlugSchema = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'use lowercase letters, digits and -');

export const ID_PLACEHOLDER = '{id}';

export const UrlTemplateSchema = z
  .string()
  .trim()
  .max(500)
  .refine((t) => t.split(ID_PLACEHOLDER).length === 2, 'the template must contain {id} exactly once')
  .refine((t) => {
    const u = parseTemplate(t);
    return u !== null && u.protocol === 'https:' && !u.port && !u.username && !u.password && HOST_RE.test(u.hostname);
  }, 'use an https:// address on a named host, e.g. https://tools.acme.internal/customers/{id}')
  .refine((t) => !t.split('://')[1]?.split('/')[0]?.includes(ID_PLACEHOLDER), 'the {id} must come after the host');

export const UserSiteSchema = z.discriminatedUnion('type', [
  // Another address for a platform Seamline already knows, e.g. a Salesforce
  // custom domain or a Planhat tenant host: that platform's path rules apply.
  z.object({
    type: z.literal('domain'),
    platform: BuiltinPlatformSchema,
    host: SiteHostSchema,
  }),
  // An in-house tool: record pages follow a URL template.
  z.object({
    type: z.literal('template'),
    slug: SiteSlugSchema,
    name: TextSchema.trim().min(1).max(80),
    urlTemplate: UrlTemplateSchema,
    objectType: TextSchema.trim().min(1).max(80),
    kind: RecordKindSchema,
  }),
]);

export type UserSite = z.infer<typeof UserSiteSchema>;
export type UserDomainSite = Extract<UserSite, { type: 'domain' }>;
export type UserTemplateSite = Extract<UserSite, { type: 'template' }>;

function parseTemplate(t: string): URL | null {
  // Any id-safe token stands in for {id} so the template parses like a real URL.
  try {
    return new URL(t.replace(ID_PLACEHOLDER, 'x'));
  } catch {
    return null;
  }
}

export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s || 'site';
}

/**
 * Manifest match patterns for a user site. The options page requests these as
 * optional host permissions and registers the content script on them. For a
 * template, the path is narrowed to the part before {id} so the script only
 * runs where records can be.
 */
export function userSiteMatchPatterns(site: UserSite): string[] {
  if (site.type === 'domain') return [`https://${site.host}/*`];
  const u = parseTemplate(site.urlTemplate);
  if (!u) return [];
  const before = site.urlTemplate.split(ID_PLACEHOLDER)[0] ?? '';
  const afterHost = before.slice(before.indexOf('://') + 3);
  const slash = afterHost.indexOf('/');
  // Match patterns cannot express a query or fragment, so anything from ? or # on widens to the whole path.
  let path = slash < 0 ? '/' : afterHost.slice(slash);
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  path = path.replace(/\*/g, '');
  return [`https://${u.hostname}${path}*`];
}
