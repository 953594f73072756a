import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendStatus, PendingChoice, SaveReply, SettingsSnapshot } from '../../lib/core/messages/to-background';
import { LOCAL_CONNECTION } from '../../lib/core/sync';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, type ExportBundle } from '../../lib/core/model';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { Settings } from '../../lib/core/domain/settings';
import { makeAccount, makeMilestone, HOSTILE_NAME } from '../../test/render';
import type { OptionsApi } from './api';
import { OptionsApp } from './OptionsApp';

// Typing through user-event in happy-dom is slow on a shared 2-core machine; these are
// interaction tests, not timing tests.
vi.setConfig({ testTimeout: 30_000 });
afterEach(() => cleanup());

function bundle(accounts: ExportBundle['accounts']): ExportBundle {
  return {
    format: EXPORT_FORMAT,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: '2026-03-01T09:00:00.000Z',
    accounts,
    snapshots: [],
    commitments: [],
    flags: [],
    handoff: [],
    approvals: [],
    milestones: [makeMilestone({ title: 'Joint kickoff', internalNote: 'discount agreed' })],
  };
}

/** A background stand-in: keeps the saved settings and answers as the real handlers do. */
const LOCAL_STATUS: BackendStatus = { connection: LOCAL_CONNECTION, parked: [], storageWarning: null };

function fakeApi(
  opts: {
    settings?: Settings;
    error?: SettingsSnapshot['error'];
    accounts?: ExportBundle['accounts'];
    grant?: boolean;
    status?: BackendStatus;
    saveReply?: (pending: PendingChoice | undefined) => SaveReply | null;
    snapshot?: Partial<SettingsSnapshot>;
  } = {},
) {
  let snap: SettingsSnapshot = {
    settings: opts.settings ?? DEFAULT_SETTINGS,
    error: opts.error ?? null,
    hasToken: false,
    source: 'local',
    sitesWithoutPermission: [],
    ...opts.snapshot,
  };
  const saves: Array<{ settings: Settings; token?: string }> = [];
  const importAll = vi.fn(async () => ({ accounts: 1, snapshots: 0, commitments: 0, flags: 0, handoff: 0, approvals: 0 }));
  const watchers = new Set<() => void>();
  /** What the settings in force become through someone else (a policy, another page), announced as the store does. */
  const changeElsewhere = (next: Partial<SettingsSnapshot>) => {
    snap = { ...snap, ...next };
    for (const w of watchers) w();
  };
  const api = {
    data: {
      exportAll: async () => bundle(opts.accounts ?? []),
      importAll,
      getAccountContext: async () => null,
    } as unknown as OptionsApi['data'],
    getSnapshot: async () => snap,
    watchSettings: (onChange: () => void) => {
      watchers.add(onChange);
      return () => watchers.delete(onChange);
    },
    save: vi.fn(async (settings: Settings, token?: string, pending?: PendingChoice): Promise<SaveReply> => {
      const forced = opts.saveReply?.(pending);
      if (forced) return forced;
      saves.push({ settings, ...(token ? { token } : {}) });
      snap = { ...snap, settings, hasToken: snap.hasToken || !!token, source: settings.dataSource.kind };
      return { ok: true, snapshot: snap };
    }),
    clearToken: vi.fn(async () => undefined),
    testBackend: vi.fn(async () => ({
      ok: true as const,
      report: { reachable: true, contractVersion: '1.2.0', compatible: true, tokenAccepted: true, workspace: 'acme' },
    })),
    localSummary: async () => ({ accounts: 3, commitments: 2, flags: 0 }),
    uploadLocal: vi.fn(async () => ({
      ok: true as const,
      summary: { accounts: 3, snapshots: 0, commitments: 2, flags: 0, handoff: 0, approvals: 0 },
    })),
    seedDemo: async () => ({ ok: true, loaded: true, accounts: 60 }),
    requestOrigins: vi.fn(async () => opts.grant ?? true),
    download: vi.fn(),
    backendStatus: vi.fn(async () => opts.status ?? LOCAL_STATUS),
    exportParked: vi.fn(async (key: string) => ({ ok: true as const, filename: 'seamline-unsent-acme.json', json: `{"key":"${key}"}` })),
    discardParked: vi.fn(async () => true),
    rotateToken: vi.fn(async () => ({ ok: true as const, expiresAt: '2026-09-01T00:00:00.000Z' })),
    publishTeamSettings: vi.fn(async () => ({ ok: true as const, snapshot: snap })),
  } satisfies OptionsApi;
  return { api, saves, importAll, changeElsewhere, watchers };
}

async function renderApp(api: OptionsApi) {
  const user = userEvent.setup();
  render(<OptionsApp api={api} />);
  await screen.findByRole('heading', { name: 'General' });
  return user;
}

const section = (name: string) => within(screen.getByRole('region', { name }));

describe('data source', () => {
  it('shows a field error for a plain-http remote URL and saves nothing, asking no permission', async () => {
    const { api } = fakeApi();
    const user = await renderApp(api);
    const ds = section('Data source');
    await user.click(ds.getByLabelText('Team backend'));
    await user.type(ds.getByLabelText('Backend URL'), 'http://seamline.acme-corp.example');
    await user.type(ds.getByLabelText('Access token'), 'tok');
    await user.click(ds.getByRole('button', { name: 'Save data source' }));
    const url = ds.getByLabelText('Backend URL');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(ds.getByText(/use https:\/\//)).toBeTruthy();
    expect(api.save).not.toHaveBeenCalled();
    expect(api.requestOrigins).not.toHaveBeenCalled();
  });

  it('asks for the backend origin, saves with the token, then offers to upload local data', async () => {
    const { api, saves } = fakeApi();
    const user = await renderApp(api);
    const ds = section('Data source');
    await user.click(ds.getByLabelText('Team backend'));
    await user.type(ds.getByLabelText('Backend URL'), 'http://127.0.0.1:8787/');
    await user.type(ds.getByLabelText('Access token'), 'sl_secret');
    await user.click(ds.getByRole('button', { name: 'Test connection' }));
    expect(await ds.findByText('1.2.0')).toBeTruthy();
    expect(ds.getByText('accepted')).toBeTruthy();

    await user.click(ds.getByRole('button', { name: 'Save data source' }));
    await ds.findByText(/holds 3 accounts/);
    expect(api.requestOrigins).toHaveBeenCalledWith(['http://127.0.0.1/*']);
    expect(saves.at(-1)).toMatchObject({ settings: { dataSource: { kind: 'backend', url: 'http://127.0.0.1:8787' } }, token: 'sl_secret' });
    await user.click(ds.getByRole('button', { name: 'Upload local data' }));
    expect(api.uploadLocal).toHaveBeenCalledOnce();
  });

  it('does not switch when the permission is refused', async () => {
    const { api } = fakeApi({ grant: false });
    const user = await renderApp(api);
    const ds = section('Data source');
    await user.click(ds.getByLabelText('Team backend'));
    await user.type(ds.getByLabelText('Backend URL'), 'https://seamline.acme-corp.example');
    await user.type(ds.getByLabelText('Access token'), 'x');
    await user.click(ds.getByRole('button', { name: 'Save data source' }));
    expect(await ds.findByText(/needs permission to reach seamline.acme-corp.example/)).toBeTruthy();
    expect(api.save).not.toHaveBeenCalled();
  });
});

describe('switching backend or workspace with unsent changes', () => {
  const ask: SaveReply = {
    ok: false,
    errors: {},
    pendingSwitch: { key: 'https://a.example#acme', count: 2, url: 'https://a.example', workspace: 'acme' },
  };

  async function switchTo(api: OptionsApi) {
    const user = await renderApp(api);
    const ds = section('Data source');
    await user.click(ds.getByLabelText('Team backend'));
    await user.type(ds.getByLabelText('Backend URL'), 'https://b.example');
    await user.type(ds.getByLabelText('Access token'), 'other');
    await user.click(ds.getByRole('button', { name: 'Save data source' }));
    return { user, ds };
  }

  it('asks before switching, and keeps them parked when told to', async () => {
    const { api } = fakeApi({ saveReply: (pending) => (pending ? null : ask) });
    const { user, ds } = await switchTo(api);
    const prompt = await ds.findByRole('alert', { name: 'Unsent changes' });
    expect(prompt.textContent).toContain('2 changes are still waiting to be sent to workspace acme at https://a.example');
    expect(within(prompt).getByRole('button', { name: 'Send them to acme first' })).toBeTruthy();
    await user.click(within(prompt).getByRole('button', { name: 'Keep them parked' }));
    await waitFor(() => expect(api.save).toHaveBeenLastCalledWith(expect.anything(), 'other', 'park'));
    await waitFor(() => expect(ds.queryByRole('alert', { name: 'Unsent changes' })).toBeNull());
  });

  it('exports them as a file and then removes them from the queue', async () => {
    const { api } = fakeApi({ saveReply: (pending) => (pending ? null : ask) });
    const { user, ds } = await switchTo(api);
    await user.click(await ds.findByRole('button', { name: 'Export them' }));
    await waitFor(() => expect(api.discardParked).toHaveBeenCalledWith('https://a.example#acme'));
    expect(api.save).toHaveBeenLastCalledWith(expect.anything(), 'other', 'park');
    expect(api.download).toHaveBeenCalledWith('seamline-unsent-acme.json', '{"key":"https://a.example#acme"}', 'application/json');
  });
});

describe('connection status', () => {
  const status: BackendStatus = {
    connection: {
      ...LOCAL_CONNECTION,
      source: 'backend',
      reachability: 'offline',
      offlineSince: '2026-03-09T10:00:00.000Z',
      backendUrl: 'https://b.example',
      workspace: 'globex',
      pending: 1,
      parked: 1,
    },
    expiresAt: '2026-06-01T00:00:00.000Z',
    storageWarning: 'This browser cannot close extension storage to page scripts; Seamline keeps the access token in its own database instead.',
    parked: [
      {
        scope: { key: 'https://a.example#acme', url: 'https://a.example', workspace: 'acme' },
        pending: 1,
        needsAttention: 0,
        writes: [{ method: 'createCommitment', createdAt: '2026-03-09T09:00:00.000Z', text: HOSTILE_NAME }],
      },
    ],
  };

  it('shows state, workspace, token expiry, the storage warning and parked changes (as text), and rotates the token', async () => {
    const { api } = fakeApi({ status });
    const user = await renderApp(api);
    const box = within(await screen.findByTestId('connection-status'));
    expect(box.getByText(/^Offline since /)).toBeTruthy();
    expect(box.getByText('globex')).toBeTruthy();
    expect(box.getByText('Token expires').nextElementSibling!.textContent).not.toBe('never');
    expect(box.getByRole('note').textContent).toContain('keeps the access token in its own database');
    const parked = box.getByRole('region', { name: 'Unsent changes for workspace acme at https://a.example' });
    expect(parked.textContent).toContain(HOSTILE_NAME);
    expect(parked.querySelector('img, script')).toBeNull();

    await user.click(within(parked).getByRole('button', { name: 'Discard…' }));
    expect(api.discardParked).not.toHaveBeenCalled();
    await user.click(within(parked).getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(api.discardParked).toHaveBeenCalledWith('https://a.example#acme'));

    await user.click(box.getByRole('button', { name: 'Rotate token' }));
    expect(await box.findByText(/The token was rotated/)).toBeTruthy();
    expect(api.rotateToken).toHaveBeenCalledOnce();
  });
});

describe('stored settings that cannot be read', () => {
  it('says so, with each problem', async () => {
    const { api } = fakeApi({
      error: { message: 'Saved settings could not be read.', problems: [{ path: 'dueSoonDays', message: 'expected number' }] },
    });
    await renderApp(api);
    const alert = screen.getAllByRole('alert').find((a) => a.textContent?.includes('could not be read'))!;
    expect(alert.textContent).toContain('dueSoonDays');
  });
});

describe('ICP editor', () => {
  it('previews the bands live from the accounts, and blocks saving an inverted threshold', async () => {
    const accounts = [
      makeAccount({
        id: 'a1',
        name: 'Fit Co',
        industry: 'Software',
        employeeCount: 400,
        arr: 90000,
        region: 'EMEA',
        segment: 'mid-market',
        integrations: ['Slack'],
      }),
      makeAccount({
        id: 'a2',
        name: HOSTILE_NAME,
        industry: 'Mining',
        employeeCount: 400,
        arr: 90000,
        region: 'EMEA',
        segment: 'mid-market',
        integrations: [],
      }),
      makeAccount({ id: 'a3', name: 'Far Away', industry: 'Software', region: 'APAC' }),
    ];
    const { api } = fakeApi({ accounts });
    const user = await renderApp(api);
    const icp = section('Ideal customer profile');
    const preview = await icp.findByText(/Of 3 accounts/);
    // a2 misses the 20-weight industry rule (80): fit at 75; a3 fails the hard region rule.
    expect(preview.textContent).toBe('Of 3 accounts: 2 fit, 0 fringe, 1 outside.');

    const fit = icp.getByLabelText('Fit at or above (score 0–100)');
    await user.clear(fit);
    await user.type(fit, '90');
    expect(icp.getByTestId('icp-preview').textContent).toBe('Of 3 accounts: 1 fit, 1 fringe, 1 outside.');

    await user.clear(fit);
    await user.type(fit, '40');
    await user.click(icp.getByRole('button', { name: 'Save ICP' }));
    expect(icp.getByText('the fringe threshold must not exceed the fit threshold')).toBeTruthy();
    expect(api.save).not.toHaveBeenCalled();
  });
});

describe('checklist editor', () => {
  it('archives a removed question with its id, restores it, and adds new ones with a stable id', async () => {
    const { api, saves } = fakeApi();
    const user = await renderApp(api);
    const cl = section('Handoff checklist');
    await user.click(cl.getByRole('button', { name: 'Remove "Why did the client buy now?"' }));
    await user.click(cl.getByRole('button', { name: 'Save checklist' }));
    await cl.findByText('Checklist saved.');
    const first = saves.at(-1)!.settings.handoffTemplate.sections[0]!.items[0]!;
    expect(first).toMatchObject({ id: 'why-buy-now', archived: true });

    await user.click(cl.getByLabelText(/Show 1 archived/));
    await user.click(cl.getByRole('button', { name: 'Restore' }));
    const newQ = cl.getAllByLabelText('New question')[0]!;
    await user.type(newQ, 'Who signs the renewal?{Enter}');
    const label = cl.getByDisplayValue('Who signs the renewal?');
    await user.clear(label);
    await user.type(label, 'Renewal signatory named');
    await user.click(cl.getByRole('button', { name: 'Save checklist' }));
    await waitFor(() => expect(saves.length).toBe(2));
    const items = saves.at(-1)!.settings.handoffTemplate.sections[0]!.items;
    expect(items[0]).not.toHaveProperty('archived');
    expect(items.at(-1)).toMatchObject({ id: 'who-signs-the-renewal', label: 'Renewal signatory named' });
  });

  it('reorders with buttons', async () => {
    const { api, saves } = fakeApi();
    const user = await renderApp(api);
    const cl = section('Handoff checklist');
    await user.click(cl.getByRole('button', { name: 'Move "What closed the deal" up' }));
    await user.click(cl.getByRole('button', { name: 'Save checklist' }));
    await cl.findByText('Checklist saved.');
    expect(saves.at(-1)!.settings.handoffTemplate.sections[0]!.items.map((i) => i.id)).toEqual([
      'why-buy-now',
      'what-closed-deal',
      'success-30-60-90',
    ]);
  });
});

describe('health weights', () => {
  it('shows a field error for a negative weight and the form error for all zero, with no preview', async () => {
    const { api } = fakeApi();
    const user = await renderApp(api);
    const hw = section('Health weights');
    expect(hw.getByTestId('health-preview').textContent).toMatch(/For a sample account: \d+ \/ 100/);
    const adoption = hw.getByLabelText('Adoption');
    await user.clear(adoption);
    await user.type(adoption, '-3');
    expect(adoption.getAttribute('aria-invalid')).toBe('true');
    expect(hw.getByTestId('health-preview').textContent).toMatch(/Fix the highlighted/);
    for (const input of hw.getAllByRole('textbox')) {
      await user.clear(input);
      await user.type(input, '0');
    }
    expect(hw.getByText('at least one weight must be positive')).toBeTruthy();
    await user.click(hw.getByRole('button', { name: 'Save health weights' }));
    expect(api.save).not.toHaveBeenCalled();
  });
});

describe('sites', () => {
  it('asks for the custom domain during the click, then saves it', async () => {
    const { api, saves } = fakeApi();
    const user = await renderApp(api);
    const sites = section('Sites');
    await user.type(sites.getByLabelText('Host name'), 'crm.acme-corp.example');
    await user.click(sites.getByRole('button', { name: 'Add domain' }));
    await sites.findByText(/Added crm.acme-corp.example/);
    expect(api.requestOrigins).toHaveBeenCalledWith(['https://crm.acme-corp.example/*']);
    expect(saves.at(-1)!.settings.userSites).toEqual([{ type: 'domain', platform: 'salesforce', host: 'crm.acme-corp.example' }]);

    await user.click(sites.getByRole('button', { name: 'Remove crm.acme-corp.example' }));
    await waitFor(() => expect(saves.at(-1)!.settings.userSites).toEqual([]));
  });

  it('adds an in-house tool from a URL template, asking only for the path before {id}', async () => {
    const { api, saves } = fakeApi();
    const user = await renderApp(api);
    const sites = section('Sites');
    await user.type(sites.getByLabelText('Name'), 'Acme Admin');
    await user.type(sites.getByLabelText('Record URL with {id}'), 'https://tools.acme-corp.example/customers/{{id}');
    await user.click(sites.getByRole('button', { name: 'Add tool' }));
    await sites.findByText(/Added Acme Admin/);
    expect(api.requestOrigins).toHaveBeenCalledWith(['https://tools.acme-corp.example/customers/*']);
    expect(saves.at(-1)!.settings.userSites).toEqual([
      {
        type: 'template',
        slug: 'acme-admin',
        name: 'Acme Admin',
        urlTemplate: 'https://tools.acme-corp.example/customers/{id}',
        objectType: 'customer',
        kind: 'account',
      },
    ]);
  });

  it('refuses a bad host at the field', async () => {
    const { api } = fakeApi();
    const user = await renderApp(api);
    const sites = section('Sites');
    await user.type(sites.getByLabelText('Host name'), 'https://crm/x');
    await user.click(sites.getByRole('button', { name: 'Add domain' }));
    expect(sites.getByLabelText('Host name').getAttribute('aria-invalid')).toBe('true');
    expect(api.requestOrigins).not.toHaveBeenCalled();
  });
});

describe('import', () => {
  it('reports bad rows, imports nothing, then imports only the valid rows when asked', async () => {
    const { api, importAll } = fakeApi();
    const user = await renderApp(api);
    const io = section('Import & export');
    await user.selectOptions(io.getByLabelText('File contains'), 'accounts-csv');
    const csv = 'name,arr,segment,lifecycleStage\nGood Co,1000,mid-market,onboarding\nBad Co,lots,mid-market,onboarding\n';
    await user.upload(io.getByLabelText('File'), new File([csv], 'accounts.csv', { type: 'text/csv' }));
    await user.click(io.getByRole('button', { name: 'Import' }));
    const report = await io.findByTestId('import-report');
    expect(report.textContent).toMatch(/Nothing was imported/);
    expect(within(report).getByText('arr')).toBeTruthy();
    expect(importAll).not.toHaveBeenCalled();

    await user.click(io.getByRole('button', { name: 'Import the valid rows' }));
    await waitFor(() => expect(importAll).toHaveBeenCalledOnce());
    const [sent] = importAll.mock.calls[0] as unknown as [ExportBundle];
    expect(sent.accounts.map((a) => a.name)).toEqual(['Good Co']);
  });
});

describe('export', () => {
  it('exports the success-plan milestones as CSV, one row each', async () => {
    const { api } = fakeApi();
    const user = await renderApp(api);
    await user.click(section('Import & export').getByRole('button', { name: 'Export success-plan milestones (CSV)' }));
    await waitFor(() => expect(api.download).toHaveBeenCalledOnce());
    const [filename, csv, type] = api.download.mock.calls[0] as [string, string, string];
    expect([filename.startsWith('seamline-milestones-') && filename.endsWith('.csv'), type]).toEqual([true, 'text/csv']);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Joint kickoff');
  });
});

describe('general: role, approvers and capacity', () => {
  it('saves the role, the ICP approvers and the CSM capacity, and refuses a capacity of 0 at the field', async () => {
    const { api, saves } = fakeApi();
    const user = await renderApp(api);
    const general = section('General');
    await user.selectOptions(general.getByLabelText('Your role'), 'csm');
    await user.type(general.getByLabelText('Who may approve ICP exceptions'), 'Ana Ruiz, Lee Park');
    const capacity = general.getByLabelText('Accounts in onboarding per CSM');
    await user.clear(capacity);
    await user.type(capacity, '0');
    await user.click(general.getByRole('button', { name: 'Save general settings' }));
    expect(saves).toHaveLength(0);
    expect(capacity.getAttribute('aria-invalid')).toBe('true');
    await user.clear(capacity);
    await user.type(capacity, '10');
    await user.click(general.getByRole('button', { name: 'Save general settings' }));
    await waitFor(() => expect(saves).toHaveLength(1));
    expect(saves[0]!.settings).toMatchObject({ userRole: 'csm', approvers: ['Ana Ruiz', 'Lee Park'], csmCapacity: 10 });
  });
});

describe('one page, many sections: no edit is lost', () => {
  it('saving one section keeps the unsaved edits of another, and the page says which are unsaved', async () => {
    const { api, saves } = fakeApi();
    const user = await renderApp(api);
    const hw = section('Health weights');
    const adoption = hw.getByLabelText('Adoption');
    await user.clear(adoption);
    await user.type(adoption, '40');
    expect((await screen.findByTestId('unsaved-notice')).textContent).toMatch(/Health weights/);

    const general = section('General');
    await user.type(general.getByLabelText('Who may approve ICP exceptions'), 'Ana Ruiz');
    await user.click(general.getByRole('button', { name: 'Save general settings' }));
    await waitFor(() => expect(saves).toHaveLength(1));
    // The general save did not carry the health edit, and did not throw it away either.
    expect(saves[0]!.settings.healthWeights).toEqual(DEFAULT_SETTINGS.healthWeights);
    expect((section('Health weights').getByLabelText('Adoption') as HTMLInputElement).value).toBe('40');
    await waitFor(() =>
      expect(screen.getByTestId('unsaved-notice').textContent).toBe('Unsaved changes in Health weights. Save each section to keep them.'),
    );

    await user.click(hw.getByRole('button', { name: 'Save health weights' }));
    await waitFor(() => expect(saves).toHaveLength(2));
    expect(saves[1]!.settings).toMatchObject({ approvers: ['Ana Ruiz'], healthWeights: { adoption: 40 } });
    await waitFor(() => expect(screen.queryByTestId('unsaved-notice')).toBeNull());
  });

  it('asks before the page is left with unsaved edits, and not otherwise', async () => {
    const { api } = fakeApi();
    const user = await renderApp(api);
    const leave = () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(leave()).toBe(false);
    await user.type(section('General').getByLabelText('Your name'), 'x');
    await waitFor(() => expect(leave()).toBe(true));
  });
});

describe('settings fixed by the organisation or the workspace', () => {
  const isDisabled = (el: HTMLElement) => (el as HTMLInputElement).disabled || el.closest('fieldset')?.disabled === true;

  it('shows "Set by your organisation" on locked fields, disables them, and lists the policy’s problems', async () => {
    const { api } = fakeApi({
      settings: { ...DEFAULT_SETTINGS, dataSource: { kind: 'backend', url: 'https://seamline.acme.example' } },
      snapshot: {
        managed: {
          locked: [
            { path: 'healthWeights', by: 'organisation' },
            { path: 'dataSource.url', by: 'organisation' },
            { path: 'dataSource.kind', by: 'organisation' },
          ],
          problems: [{ path: 'serviceLevels.smb.goLiveDays', message: 'Too small: expected number to be >=1; this policy value is ignored' }],
          backendUrl: 'https://seamline.acme.example',
          workspace: 'acme',
          team: null,
        },
      },
    });
    await renderApp(api);
    const hw = section('Health weights');
    expect(hw.getByText(/Set by your organisation/)).toBeTruthy();
    expect(isDisabled(hw.getByLabelText('Adoption'))).toBe(true);
    expect(isDisabled(hw.getByRole('button', { name: 'Save health weights' }))).toBe(true);

    const ds = section('Data source');
    const url = ds.getByLabelText('Backend URL') as HTMLInputElement;
    expect(url.value).toBe('https://seamline.acme.example');
    expect(url.disabled).toBe(true);
    expect(isDisabled(ds.getByLabelText('This browser (local)'))).toBe(true);
    expect(ds.getByText('acme')).toBeTruthy();

    // Fields the policy leaves alone stay editable.
    expect(isDisabled(section('Service levels').getAllByRole('textbox')[0]!)).toBe(false);
    const problems = screen.getByTestId('policy-problems');
    expect(problems.textContent).toContain('serviceLevels.smb.goLiveDays');
    expect(problems.textContent).toContain('ignored');
  });

  it('locks a field the moment a policy arrives while the page is open, and stops listening once closed', async () => {
    const { api, changeElsewhere, watchers } = fakeApi();
    await renderApp(api);
    const hw = section('Health weights');
    expect(isDisabled(hw.getByLabelText('Adoption'))).toBe(false);

    changeElsewhere({
      managed: { locked: [{ path: 'healthWeights', by: 'organisation' }], problems: [], backendUrl: null, workspace: null, team: null },
    });
    // The section starts again from what is in force, so it is looked up anew.
    expect(await screen.findByText(/Set by your organisation/)).toBeTruthy();
    expect(isDisabled(section('Health weights').getByLabelText('Adoption'))).toBe(true);
    cleanup();
    expect(watchers.size).toBe(0);
  });

  it('a member in team mode sees the three team fields managed by the workspace admins; an admin gets the publish button', async () => {
    const managed = {
      locked: (['icpProfile', 'handoffTemplate', 'healthWeights'] as const).map((path) => ({ path, by: 'workspace' as const })),
      problems: [],
      backendUrl: null,
      workspace: null,
      team: { updatedAt: '2026-03-01T09:00:00.000Z', updatedBy: 'Priya' },
    };
    const { api } = fakeApi({ snapshot: { source: 'backend', role: 'member', managed } });
    await renderApp(api);
    for (const name of ['Ideal customer profile', 'Handoff checklist', 'Health weights']) {
      expect(section(name).getByText(/Managed by your workspace admins/)).toBeTruthy();
    }
    expect(isDisabled(section('Ideal customer profile').getByLabelText('Profile name'))).toBe(true);
    expect(screen.queryByRole('button', { name: 'Publish to workspace' })).toBeNull();
    cleanup();

    const admin = fakeApi({ snapshot: { source: 'backend', role: 'admin' } });
    const user = await renderApp(admin.api);
    expect(isDisabled(section('Health weights').getByLabelText('Adoption'))).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Publish to workspace' }));
    expect(admin.api.publishTeamSettings).toHaveBeenCalledOnce();
    expect(await screen.findByText(/Published: every member/)).toBeTruthy();
  });
});
