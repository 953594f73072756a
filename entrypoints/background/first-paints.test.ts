import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { accountDraft, freshStore } from '../../test/factories';
import { startTestBackground } from '../../test/background-kit';
import { keptFirstPaintKey } from '../../lib/core/messages/first-paint-check';
import { storage } from '#imports';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { createSettingsStore } from '../../lib/data/settings-store';

describe('the first paints the background keeps for frames made again', () => {
  it('are all dropped by any change to the data, and nothing else kept in the session is', async () => {
    const port = freshStore();
    const bg = startTestBackground({ port });
    await bg.settings.ready;
    const paint = { crmPage: true, firstPaint: { accountName: 'Northwind', health: { status: 'unknown', reason: 'no-data' } } };
    await fakeBrowser.storage.session.set({
      [keptFirstPaintKey('page-1')]: paint,
      [keptFirstPaintKey('page-2')]: paint,
      'draft:7': { page: 'page-1', fields: {} },
    });

    await bg.service.createAccount(accountDraft({ name: 'A new customer' }));
    await expect.poll(async () => Object.keys(await fakeBrowser.storage.session.get(null)).filter((k) => k.startsWith('paint:'))).toEqual([]);
    expect(await fakeBrowser.storage.session.get('draft:7')).toEqual({ 'draft:7': { page: 'page-1', fields: {} } });
  });

  it('are all dropped when the settings change: the health weights score them', async () => {
    const bg = startTestBackground({ port: freshStore() });
    await bg.settings.ready;
    const paint = {
      crmPage: true,
      firstPaint: { accountName: 'Northwind', health: { status: 'known', score: 70, band: 'healthy', asOf: '2026-11-20' } },
    };
    await fakeBrowser.storage.session.set({ [keptFirstPaintKey('page-1')]: paint });
    const weights = DEFAULT_SETTINGS.healthWeights;
    await createSettingsStore(storage).save({ ...DEFAULT_SETTINGS, healthWeights: { ...weights, adoption: weights.adoption + 5 } });
    await expect.poll(async () => fakeBrowser.storage.session.get(keptFirstPaintKey('page-1'))).toEqual({});
  });
});
