import type { Settings } from '../../lib/core/domain/settings';
import type {
  BackendStatus,
  LocalSummary,
  ParkedExportReply,
  PendingChoice,
  RotateReply,
  SaveReply,
  SeedReply,
  SettingsSnapshot,
  TeamPublishReply,
  TestReply,
  UploadReply,
} from '../../lib/core/messages/to-background';
import type { DataClient } from '../../lib/data/rpc';
import type { SettingsStore } from '../../lib/data/settings-store';
import { ask, type Send } from '../app/runtime';
import { downloadText } from '../app/download';

/**
 * Everything the options page asks of the extension. The background holds the
 * token and the data; the page only ever learns whether a token is stored.
 */
export interface OptionsApi {
  data: DataClient;
  getSnapshot(): Promise<SettingsSnapshot>;
  /**
   * Calls `onChange` whenever the settings in force may have changed outside
   * this page: another page saved, the organisation's policy or the
   * workspace's team settings moved. Returns the stop.
   */
  watchSettings(onChange: () => void): () => void;
  /** `pending` answers the question a switch away from queued writes asks (reply.pendingSwitch). */
  save(settings: Settings, token?: string, pending?: PendingChoice): Promise<SaveReply>;
  clearToken(): Promise<void>;
  testBackend(url: string, token?: string): Promise<TestReply>;
  localSummary(): Promise<LocalSummary>;
  uploadLocal(): Promise<UploadReply>;
  seedDemo(): Promise<SeedReply>;
  /** Must be called straight from a click: the browser only asks the person during a user gesture. */
  requestOrigins(origins: string[]): Promise<boolean>;
  /** The connection as the background sees it, the token's expiry and queues parked for other backends or workspaces. */
  backendStatus(): Promise<BackendStatus>;
  exportParked(key: string): Promise<ParkedExportReply>;
  discardParked(key: string): Promise<boolean>;
  /** The new token is stored in the background; the page never sees it. */
  rotateToken(): Promise<RotateReply>;
  /** Publishes this admin's ICP profile, checklist template and health weights to the workspace. */
  publishTeamSettings(): Promise<TeamPublishReply>;
  /** Saves a file the person asked for (export). */
  download(filename: string, text: string, type: string): void;
}

export interface OptionsApiDeps {
  send: Send;
  data: DataClient;
  settings: Pick<SettingsStore, 'watch'>;
  permissions: { request(p: { origins: string[] }): Promise<boolean> };
  /** The page's document, for the download link. */
  doc: Document;
}

export function createOptionsApi({ send, data, settings, permissions, doc }: OptionsApiDeps): OptionsApi {
  return {
    data,
    getSnapshot: () => ask('settings-get', {}, send),
    watchSettings: (onChange) => settings.watch(() => onChange()),
    save: (settings, token, pending) => ask('settings-save', { settings, ...(token ? { token } : {}), ...(pending ? { pending } : {}) }, send),
    backendStatus: () => ask('backend-status', {}, send),
    exportParked: (key) => ask('parked-export', { key }, send),
    discardParked: async (key) => (await ask('parked-discard', { key }, send)).ok,
    rotateToken: () => ask('backend-rotate', {}, send),
    publishTeamSettings: () => ask('team-settings-publish', {}, send),
    clearToken: async () => void (await ask('backend-token-clear', {}, send)),
    testBackend: (url, token) => ask('backend-test', token ? { url, token } : { url }, send),
    localSummary: () => ask('local-summary', {}, send),
    uploadLocal: () => ask('upload-local', {}, send),
    async seedDemo() {
      // The generator is loaded only when asked for, so it stays out of every
      // bundle but this page's demo chunk (and never reaches the service worker).
      const { generateDemoData, DEFAULT_DEMO_SEED, DEFAULT_DEMO_ACCOUNTS } = await import('../../lib/demo');
      const { bundle, arrChanges } = generateDemoData({ seed: DEFAULT_DEMO_SEED, accounts: DEFAULT_DEMO_ACCOUNTS, now: new Date() });
      // The history goes with the portfolio, so retention has 18 months to work from.
      return ask('seed-demo', { bundle: { ...bundle, arrChanges } }, send);
    },
    requestOrigins: (origins) => permissions.request({ origins }),
    download: (filename, text, type) => downloadText(doc, filename, text, type),
  };
}
