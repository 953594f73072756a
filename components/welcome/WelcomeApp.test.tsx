import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { Settings } from '../../lib/core/domain/settings';
import type { SaveReply, SettingsSnapshot } from '../../lib/core/messages/to-background';
import '../../test/render';
import { WelcomeApp } from './WelcomeApp';

function fakeApi() {
  let snap: SettingsSnapshot = { settings: DEFAULT_SETTINGS, error: null, hasToken: false, source: 'local', sitesWithoutPermission: [] };
  return {
    getSnapshot: vi.fn(async () => snap),
    save: vi.fn(async (settings: Settings): Promise<SaveReply> => {
      snap = { ...snap, settings };
      return { ok: true, snapshot: snap };
    }),
    seedDemo: vi.fn(async () => ({ ok: true, loaded: true, accounts: 60 })),
  };
}

describe('the first-run page', () => {
  it('asks for a name and a role before saving, then saves them over the current settings', async () => {
    const api = fakeApi();
    render(<WelcomeApp api={api} settingsUrl="chrome-extension://x/options.html" />);
    const name = await screen.findByLabelText('Your name');
    expect((name as HTMLInputElement).value).toBe('');
    await userEvent.click(screen.getByRole('button', { name: 'Save and start' }));
    expect(api.save).not.toHaveBeenCalled();
    expect(screen.getByText('Enter your name: it is recorded with what you capture.')).toBeTruthy();
    expect(screen.getByText('Choose your role.')).toBeTruthy();
    await userEvent.type(name, 'Sam Okafor');
    await userEvent.click(screen.getByRole('radio', { name: /Customer success manager/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save and start' }));
    await waitFor(() => expect(api.save).toHaveBeenCalledWith({ ...DEFAULT_SETTINGS, userName: 'Sam Okafor', userRole: 'csm' }));
    expect(await screen.findByText(/^Saved\. Open a CRM record/)).toBeTruthy();
  });

  it('sends the person to Settings to connect a team backend, and offers the demo', async () => {
    const api = fakeApi();
    render(<WelcomeApp api={api} settingsUrl="chrome-extension://x/options.html" />);
    await userEvent.click(await screen.findByRole('radio', { name: 'Our team’s Seamline backend' }));
    expect(screen.getByRole('link', { name: 'Settings → Data source' }).getAttribute('href')).toBe('chrome-extension://x/options.html#data-source');
    await userEvent.click(screen.getByRole('button', { name: 'Load demo portfolio' }));
    expect(await screen.findByText('Demo portfolio loaded: 60 accounts.')).toBeTruthy();
  });
});
