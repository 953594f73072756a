import { TeamSettingsSchema, type Role, type TeamSettings, type TeamSettingsReply } from '../../lib/core/http-contract';
import { canonicalBackendUrl } from '../../lib/core/sync';
import { HttpBackend } from '../../lib/data/http';
import type { SettingsStore } from '../../lib/data/settings-store';
import type { CredentialsStore } from '../../lib/data/token-store';

/** How the background reads and publishes the workspace's team settings. */
export interface TeamSettingsClient {
  get(url: string, token: string): Promise<TeamSettingsReply>;
  put(url: string, token: string, settings: TeamSettings): Promise<TeamSettingsReply>;
  /** The token's role in its workspace (and the workspace), as the backend says. */
  whoAmI(url: string, token: string): Promise<{ role: Role | null; workspace: string | null }>;
}

export const httpTeamSettingsClient: TeamSettingsClient = {
  get: (url, token) => new HttpBackend({ baseUrl: url, token, timeoutMs: 8_000 }).getTeamSettings(),
  put: (url, token, settings) => new HttpBackend({ baseUrl: url, token, retries: 0, timeoutMs: 8_000 }).putTeamSettings(settings),
  async whoAmI(url, token) {
    const report = await new HttpBackend({ baseUrl: url, token, retries: 0, timeoutMs: 8_000 }).testConnection();
    return report.tokenAccepted ? { role: report.role ?? null, workspace: report.workspace ?? null } : { role: null, workspace: null };
  },
};

export interface TeamSettingsOptions {
  store: SettingsStore;
  tokenItem: Pick<CredentialsStore, 'getValue'>;
  /** null: this transport has no team settings (nothing is read or published). */
  client?: TeamSettingsClient | null;
}

/**
 * The workspace's team settings (ICP profile, checklist template, health
 * weights) in the service worker: fetched when team mode connects and
 * whenever the backend says they changed, kept in the settings store, which
 * lays them over a member's own settings; an admin publishes from here.
 */
export function installTeamSettings({ store, tokenItem, client = httpTeamSettingsClient }: TeamSettingsOptions) {
  /** The backend in force and its token, or null on local data. */
  async function backend(): Promise<{ url: string; token: string } | null> {
    const { settings } = await store.load();
    if (settings.dataSource.kind !== 'backend') return null;
    const token = await tokenItem.getValue();
    return token ? { url: settings.dataSource.url, token } : null;
  }

  async function keep(url: string, reply: TeamSettingsReply, who: { role: Role | null; workspace: string | null }): Promise<void> {
    await store.setTeamSettings({ url: canonicalBackendUrl(url), workspace: who.workspace, role: who.role, ...reply });
  }

  /**
   * Reads the workspace's team settings again. While the backend cannot be
   * reached, the copy last received stays in force.
   */
  async function refreshTeamSettings(): Promise<{ ok: boolean }> {
    const target = client ? await backend() : null;
    if (!client || !target) return { ok: false };
    try {
      const [reply, who] = await Promise.all([client.get(target.url, target.token), client.whoAmI(target.url, target.token)]);
      await keep(target.url, reply, who);
      return { ok: true };
    } catch {
      return { ok: false };
    }
  }

  /** Publishes this admin's own ICP profile, checklist template and health weights to the workspace. */
  async function publish(): Promise<{ ok: true } | { ok: false; message: string }> {
    const target = await backend();
    if (!target || !client) return { ok: false, message: 'Connect to the team backend with a token first.' };
    const { settings } = await store.load();
    const body = TeamSettingsSchema.parse({
      icpProfile: settings.icpProfile,
      handoffTemplate: settings.handoffTemplate,
      healthWeights: settings.healthWeights,
    });
    try {
      const who = await client.whoAmI(target.url, target.token);
      if (who.role !== 'admin') return { ok: false, message: 'Only a workspace admin can publish team settings.' };
      await keep(target.url, await client.put(target.url, target.token, body), who);
      return { ok: true };
    } catch (e) {
      return { ok: false, message: `The team settings could not be published: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  /** The token's role as last received, when it is for the backend in force. */
  async function roleFor(url: string | null): Promise<Role | null> {
    if (!url || !URL.canParse(url)) return null;
    const team = await store.teamSettings();
    return team && team.url === canonicalBackendUrl(url) ? team.role : null;
  }

  return { refreshTeamSettings, publish, roleFor };
}
