import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../defaults';
import { dashboardSettingsOf } from './dashboard';

describe('the settings the dashboard reads', () => {
  it('takes the CSM capacity from the settings', () => {
    expect(dashboardSettingsOf(DEFAULT_SETTINGS).csmCapacity).toBe(8);
    expect(dashboardSettingsOf({ ...DEFAULT_SETTINGS, csmCapacity: 12 }).csmCapacity).toBe(12);
  });
});
