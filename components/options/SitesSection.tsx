import { useState } from 'react';
import { userSiteLabel, userSiteScriptId } from '../../lib/core/settings/permissions';
import { BUILTIN_PLATFORMS, RecordKindSchema, type BuiltinPlatform } from '../../lib/core/domain/crm-record';
import { UserSiteSchema, userSiteMatchPatterns, type UserSite } from '../../lib/core/domain/user-site';
import { ADAPTERS } from '../../lib/core/sites';
import { newStableId, validateForm, type FieldErrors } from '../../lib/core/settings/form';
import { Badge, Button } from '../ui';
import { Check, ErrorsContext, FormError, Input, Section, Select, Status, Lockable } from './fields';
import { useLock, useOptions } from './context';

const PLATFORM_LABEL = Object.fromEntries(ADAPTERS.map((a) => [a.platform, a.label])) as Record<BuiltinPlatform, string>;
const PLATFORM_OPTIONS = BUILTIN_PLATFORMS.map((p) => ({ value: p, label: PLATFORM_LABEL[p] ?? p }));

export function SitesSection() {
  const { api, snapshot, save } = useOptions();
  const settings = snapshot.settings;
  const [disabled, setDisabled] = useState<Set<string>>(new Set(settings.disabledPlatforms));
  const [platformStatus, setPlatformStatus] = useState('');
  const [domain, setDomain] = useState({ platform: 'salesforce' as string, host: '' });
  const [tpl, setTpl] = useState({ name: '', urlTemplate: '', objectType: 'customer', kind: 'account' as string });
  const [domainErrors, setDomainErrors] = useState<FieldErrors>({});
  const [tplErrors, setTplErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState('');
  const platformsLock = useLock('disabledPlatforms');
  const sitesLock = useLock('userSites');

  async function savePlatforms() {
    const out = await save({ disabledPlatforms: BUILTIN_PLATFORMS.filter((p) => disabled.has(p)) });
    setPlatformStatus(out.ok ? 'Platforms saved. Reload open CRM tabs for the change to apply.' : Object.values(out.errors).join('; '));
  }

  /** Validates, asks for the host permission during the click, then saves. */
  async function addSite(candidate: unknown, setErrors: (e: FieldErrors) => void): Promise<boolean> {
    setStatus('');
    const r = validateForm(UserSiteSchema, candidate);
    if (!r.ok) {
      setErrors(r.errors);
      return false;
    }
    const site = r.value;
    if (settings.userSites.some((s) => userSiteScriptId(s) === userSiteScriptId(site))) {
      setErrors({ [site.type === 'domain' ? 'host' : 'name']: 'this site is already added' });
      return false;
    }
    const granted = await api.requestOrigins(userSiteMatchPatterns(site)).catch(() => false);
    if (!granted) {
      setErrors({ '': `Seamline was not allowed to run on ${userSiteMatchPatterns(site).join(', ')}, so the site was not added.` });
      return false;
    }
    const out = await save({ userSites: [...settings.userSites, site] });
    if (!out.ok) {
      setErrors(out.errors);
      return false;
    }
    setErrors({});
    setStatus(`Added ${userSiteLabel(site)}. Open or reload a record page there to see the panel.`);
    return true;
  }

  async function removeSite(site: UserSite) {
    const out = await save({ userSites: settings.userSites.filter((s) => userSiteScriptId(s) !== userSiteScriptId(site)) });
    setStatus(out.ok ? `Removed ${userSiteLabel(site)} and gave back its permission.` : Object.values(out.errors).join('; '));
  }

  const takenSlugs = new Set(settings.userSites.flatMap((s) => (s.type === 'template' ? [s.slug] : [])));
  // Site slugs are at most 40 characters (SiteSlugSchema).
  const slugFor = (name: string) => newStableId(name, takenSlugs, 40);

  return (
    <Section
      id="sites"
      title="Sites"
      intro="Where Seamline shows its panel. Custom domains and in-house tools need your permission for their address; removing one gives that permission back."
    >
      <Lockable lock={platformsLock}>
        <fieldset>
          <legend className="text-sm font-medium">Built-in platforms</legend>
          <div className="mt-1 grid grid-cols-2 gap-1 sm:grid-cols-3">
            {PLATFORM_OPTIONS.map((p) => (
              <Check
                key={p.value}
                label={p.label}
                checked={!disabled.has(p.value)}
                onChange={(e) => {
                  const next = new Set(disabled);
                  if (e.target.checked) next.delete(p.value);
                  else next.add(p.value);
                  setDisabled(next);
                }}
              />
            ))}
          </div>
          <div className="mt-2 flex items-center gap-2">
            <Button onClick={() => void savePlatforms()}>Save platforms</Button>
            {platformStatus && <Status>{platformStatus}</Status>}
          </div>
        </fieldset>
      </Lockable>

      <Lockable lock={sitesLock}>
        <div>
          <h3 className="text-sm font-medium">Your sites</h3>
          {settings.userSites.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">None yet.</p>
          ) : (
            <ul className="mt-1 divide-y divide-slate-200 dark:divide-slate-700" aria-label="Your sites">
              {settings.userSites.map((s) => (
                <li key={userSiteScriptId(s)} className="flex items-center justify-between gap-2 py-1.5 text-sm">
                  <span>
                    {s.type === 'domain' ? `${s.host} (${PLATFORM_LABEL[s.platform]})` : `${s.name} — ${s.urlTemplate}`}{' '}
                    {snapshot.sitesWithoutPermission.includes(userSiteLabel(s)) && <Badge tone="warn">permission missing</Badge>}
                  </span>
                  <Button variant="ghost" aria-label={`Remove ${userSiteLabel(s)}`} onClick={() => void removeSite(s)}>
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          )}
          {status && <Status>{status}</Status>}
        </div>

        <ErrorsContext.Provider value={domainErrors}>
          <fieldset className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
            <legend className="px-1 text-sm font-medium">Add a custom domain for a platform</legend>
            <div className="grid grid-cols-[auto_1fr] gap-2">
              <Select
                label="Platform"
                path="platform"
                options={PLATFORM_OPTIONS}
                value={domain.platform}
                onChange={(e) => setDomain({ ...domain, platform: e.target.value })}
              />
              <Input
                label="Host name"
                path="host"
                placeholder="crm.acme-corp.com"
                value={domain.host}
                onChange={(e) => setDomain({ ...domain, host: e.target.value })}
              />
            </div>
            <FormError />
            <Button
              className="mt-2"
              onClick={() => void addSite({ type: 'domain', ...domain }, setDomainErrors).then((ok) => ok && setDomain({ ...domain, host: '' }))}
            >
              Add domain
            </Button>
          </fieldset>
        </ErrorsContext.Provider>

        <ErrorsContext.Provider value={tplErrors}>
          <fieldset className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
            <legend className="px-1 text-sm font-medium">Add an in-house tool</legend>
            <div className="grid grid-cols-2 gap-2">
              <Input
                label="Name"
                path="name"
                placeholder="Acme customer admin"
                value={tpl.name}
                onChange={(e) => setTpl({ ...tpl, name: e.target.value })}
              />
              <Input
                label="Record URL with {id}"
                path="urlTemplate"
                placeholder="https://tools.acme.internal/customers/{id}"
                value={tpl.urlTemplate}
                onChange={(e) => setTpl({ ...tpl, urlTemplate: e.target.value })}
              />
              <Input label="Object type" path="objectType" value={tpl.objectType} onChange={(e) => setTpl({ ...tpl, objectType: e.target.value })} />
              <Select
                label="Record kind"
                path="kind"
                options={RecordKindSchema.options.map((k) => ({ value: k, label: k }))}
                value={tpl.kind}
                onChange={(e) => setTpl({ ...tpl, kind: e.target.value })}
              />
            </div>
            <FormError path="slug" />
            <FormError />
            <Button
              className="mt-2"
              onClick={() =>
                void addSite({ type: 'template', slug: slugFor(tpl.name), ...tpl }, setTplErrors).then(
                  (ok) => ok && setTpl({ ...tpl, name: '', urlTemplate: '' }),
                )
              }
            >
              Add tool
            </Button>
          </fieldset>
        </ErrorsContext.Provider>
      </Lockable>
    </Section>
  );
}
