import type { LocalSummary, SaveReply, SettingsSnapshot, TestReply, UploadReply } from '../../entrypoints/background/settings';
import type { DataClient } from '../../lib/data/rpc';
import { CHANNEL } from '../../lib/core/messages/protocol';
import type { Settings } from '../../lib/core/domain/settings';

/**
 * Everything the options page asks of the extension. The background holds the
 * token and the data; the page only ever learns whether a token is stored.
 */
export interface OptionsApi {
  data: DataClient;
  getSnapshot(): Promise<SettingsSnapshot>;
  save(settings: Settings, token?: string): Promise<SaveReply>;
  clearToken(): Promise<void>;
  testBackend(url: string, token?: string): Promise<TestReply>;
  localSummary(): Promise<LocalSummary>;
  uploadLocal(): Promise<UploadReply>;
  seedDemo(): Promise<{ ok: boolean; loaded: boolean; accounts: number }>;
  /** Must be called straight from a click: the browser only asks the person during a user gesture. */
  requestOrigins(origins: string[]): Promise<boolean>;
  /** Saves a file the person asked for (export). */
  download(filename: string, text: string, type: string): void;
}

export interface OptionsApiDeps {
  send(message: unknown): Promise<unknown>;
  data: DataClient;
  permissions: { request(p: { origins: string[] }): Promise<boolean> };
  /** The page's document, for the download link. */
  doc: Document;
}

export function createOptionsApi({ send, data, permissions, doc }: OptionsApiDeps): OptionsApi {
  const ask = <T>(type: string, body: Record<string, unknown> = {}) => send({ channel: CHANNEL, type, ...body }) as Promise<T>;
  return {
    data,
    async getSnapshot() {
      const s = await ask<SettingsSnapshot | undefined>('settings-get');
      if (!s) throw new Error('The Seamline background did not answer.');
      return s;
    },
    save: (settings, token) => ask<SaveReply>('settings-save', token ? { settings, token } : { settings }),
    clearToken: async () => void (await ask('backend-token-clear')),
    testBackend: (url, token) => ask<TestReply>('backend-test', token ? { url, token } : { url }),
    localSummary: () => ask<LocalSummary>('local-summary'),
    uploadLocal: () => ask<UploadReply>('upload-local'),
    seedDemo: () => ask('seed-demo'),
    requestOrigins: (origins) => permissions.request({ origins }),
    download(filename, text, type) {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const a = doc.createElement('a');
      a.href = url;
      a.download = filename;
      doc.body.append(a);
      a.click();
      a.remove();
      // Revoked after the click has been handled; revoking at once can cancel the download.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
