import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../domain/defaults';
import type { IcpProfile } from '../domain/icp';
import { supportedIntegrations, unsupportedIntegrations } from './supported';

const icp = DEFAULT_SETTINGS.icpProfile;
const without: IcpProfile = { ...icp, rules: icp.rules.filter((r) => r.field !== 'integrations') };

describe('integrations outside the supported list', () => {
  it('reads the supported list from the ICP’s integrations rule', () => {
    expect(supportedIntegrations(icp)).toEqual(expect.arrayContaining(['Salesforce', 'Slack']));
    expect(supportedIntegrations(without)).toBeNull();
  });

  it.each([
    ['SAP connector by Q2', ['SAP']],
    ['Bi-directional SAP S/4HANA sync', ['SAP']],
    ['Two-way sync with Workday and Oracle by March', ['Workday', 'Oracle']],
    ['Oracle first, then Workday', ['Oracle', 'Workday']],
    ['Slack alerts for renewals', []],
    ['salesforce and hubspot dashboards', []],
    ['NetSuite invoices synced nightly', []],
    ['Free onboarding for 40 reps', []],
    ['Sagebrush dashboard', []],
  ])('%s → %j', (text, expected) => {
    expect(unsupportedIntegrations(text, icp)).toEqual(expected);
  });

  it('flags nothing when the ICP keeps no supported list', () => {
    expect(unsupportedIntegrations('SAP connector by Q2', without)).toEqual([]);
  });

  it('knows a system by any spelling the list uses', () => {
    const withSap: IcpProfile = {
      ...icp,
      rules: icp.rules.map((r) => (r.field === 'integrations' && r.op === 'in' ? { ...r, values: [...r.values, 'SAP S/4HANA'] } : r)),
    };
    expect(unsupportedIntegrations('SAP connector by Q2', withSap)).toEqual([]);
  });
});
