import type { Page } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../../lib/core/domain';
import { FIXTURE_RECORDS } from '../../lib/demo/fixture-records';
import type { RunningServer } from '../../server/app';
import { openPglite, type Db } from '../../server/base/db';
import { client, makeToken, startServer, type Client } from '../../test/server';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { fromExtensionPage, openPanelOn } from './extension';
import { startFixtureServer, type FixtureServer } from './fixture-server';

// Two browser profiles (two people) connected to one reference server, with
// one account linked to the Salesforce fixture record: the set-up of the live
// updates test and its bench.

export const LIVE_RECORD = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;

export interface LiveTeam {
  readonly backend: RunningServer;
  /** An admin of the workspace, straight to the API. */
  readonly api: Client;
  accountId: string;
  profiles: [ExtensionBrowser, ExtensionBrowser];
  /** A CRM tab on the record with the panel open. */
  panelOnRecord(browser: ExtensionBrowser): Promise<Page>;
  /** Stops the server (every open connection dropped) and starts it again on the same port and data, after `whileDown`. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function startLiveTeam(): Promise<LiveTeam> {
  const fixtures: FixtureServer = await startFixtureServer();
  const db: Db = await openPglite();
  let backend = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY });
  const admin = await makeToken(db, 'acme', 'admin', 'RevOps');
  let api = client(backend.url, admin);
  const acc = await api.post('/v1/accounts', {
    name: LIVE_RECORD.name,
    websiteDomain: LIVE_RECORD.websiteDomain,
    segment: 'mid-market',
    arr: 120_000,
    lifecycleStage: 'onboarding',
    csm: 'Chris CSM',
  });
  if (acc.status !== 201) throw new Error(`account: ${acc.status}`);
  const accountId = acc.body.id as string;
  const { platform, host, objectType, kind, recordId } = LIVE_RECORD;
  const link = await api.post(`/v1/accounts/${accountId}/links`, { platform, host, objectType, kind, recordId });
  if (link.status !== 200) throw new Error(`link: ${link.status}`);

  const profiles: ExtensionBrowser[] = [];
  for (const who of ['Ana AE', 'Chris CSM']) {
    const browser = await launchWithExtension({ hosts: fixtures.hosts, port: fixtures.port });
    profiles.push(browser);
    const reply = await fromExtensionPage<{ ok: boolean }>(browser, {
      channel: 'seamline',
      type: 'settings-save',
      settings: { ...DEFAULT_SETTINGS, userName: who, dataSource: { kind: 'backend', url: backend.url } },
      token: await makeToken(db, 'acme', 'member', who),
    });
    if (!reply?.ok) throw new Error(`connecting ${who}: ${JSON.stringify(reply)}`);
  }

  return {
    get backend() {
      return backend;
    },
    get api() {
      return api;
    },
    accountId,
    profiles: profiles as [ExtensionBrowser, ExtensionBrowser],
    async panelOnRecord(browser) {
      const page = await browser.context.newPage();
      await page.goto(LIVE_RECORD.url);
      await openPanelOn(browser, page);
      return page;
    },
    async restart(whileDown) {
      const port = backend.port;
      await backend.close();
      await whileDown?.();
      backend = await startServer(db, { port, rateLimitPerMinute: Number.POSITIVE_INFINITY });
      api = client(backend.url, admin);
    },
    async close() {
      for (const p of profiles) await p.close().catch(() => undefined);
      await backend.close().catch(() => undefined);
      await db.close();
      await fixtures.close();
    },
  };
}
