import { afterAll, beforeAll } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { seedDemo } from './extension';
import { startFixtureServer, type FixtureServer } from './fixture-server';

/**
 * The usual setup of a test file: the fixture CRM pages, one Chromium with
 * the extension, the demo portfolio loaded; all closed after the file. The
 * returned object is filled before the first test runs.
 */
export function demoBrowserPerFile(): { server: FixtureServer; browser: ExtensionBrowser } {
  const suite = {} as { server: FixtureServer; browser: ExtensionBrowser };
  beforeAll(async () => {
    suite.server = await startFixtureServer();
    suite.browser = await launchWithExtension({ hosts: suite.server.hosts, port: suite.server.port });
    await seedDemo(suite.browser);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
