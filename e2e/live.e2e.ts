import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { panelFrame } from './harness/extension';
import { startLiveTeam, type LiveTeam } from './harness/live-team';

// Live updates across the team: two profiles on one reference server. A
// colleague's change shows in a panel that is already open, with no reload and
// no focus, and a panel whose connection dropped (the server restarted)
// catches up with what happened meanwhile.

let team: LiveTeam;

beforeAll(async () => {
  team = await startLiveTeam();
}, 120_000);

afterAll(async () => {
  await team?.close();
});

async function openWithAllItems(page: Page): Promise<Frame> {
  const frame = await panelFrame(page);
  // The checklist opens on the missing items; "All" keeps a ticked one in view.
  await frame.getByRole('button', { name: 'All', exact: true }).click({ timeout: 20_000 });
  return frame;
}

describe('live updates between two profiles', () => {
  it("a tick in one profile's panel shows in the other's open panel without a reload", async () => {
    const [ae, csm] = team.profiles;
    const csmPage = await team.panelOnRecord(csm);
    const csmFrame = await openWithAllItems(csmPage);
    const csmBox = csmFrame.getByRole('checkbox', { name: /why did the client buy now/i });
    await csmBox.waitFor({ timeout: 20_000 });
    expect(await csmBox.isChecked()).toBe(false);
    const navigations: string[] = [];
    csmPage.on('framenavigated', (f) => navigations.push(f.url()));

    const aePage = await team.panelOnRecord(ae);
    const aeBox = (await openWithAllItems(aePage)).getByRole('checkbox', { name: /why did the client buy now/i });
    await aeBox.click({ timeout: 20_000 });

    // The other panel was neither reloaded nor focused: the live feed brought it.
    await expect.poll(() => csmBox.isChecked(), { timeout: 10_000 }).toBe(true);
    expect(navigations).toEqual([]);
    await aePage.close();
    await csmPage.close();
  });

  it("a success-plan milestone added and edited in one profile shows in the other's open panel", async () => {
    const [ae, csm] = team.profiles;
    const TITLE = 'Live feed check: SSO configured with the customer';
    const csmPage = await team.panelOnRecord(csm);
    const csmFrame = await panelFrame(csmPage);
    const aePage = await team.panelOnRecord(ae);
    const aeFrame = await panelFrame(aePage);
    // Added by a colleague (through the same team backend): both open panels show it.
    const created = await team.api.post(`/v1/accounts/${team.accountId}/milestones`, { title: TITLE, ownerRole: 'csm', status: 'planned' });
    expect(created.status).toBe(201);
    const csmStatus = csmFrame.getByLabel(`Status of ${TITLE}`);
    const aeStatus = aeFrame.getByLabel(`Status of ${TITLE}`);
    await aeStatus.waitFor({ timeout: 10_000 });
    await csmStatus.waitFor({ timeout: 10_000 });
    // Edited in the AE's panel; the CSM's panel follows with no reload.
    await aeStatus.selectOption('in-progress');
    await expect.poll(() => csmStatus.inputValue(), { timeout: 10_000 }).toBe('in-progress');
    await aePage.close();
    await csmPage.close();
  });

  it('a panel whose connection dropped reconnects after a server restart and catches up', async () => {
    const csm = team.profiles[1];
    const page = await team.panelOnRecord(csm);
    const frame = await panelFrame(page);
    const BEFORE = 'Live feed check: SSO before the renewal';
    const MISSED = 'Made before the panel reconnected: sandbox by Friday';
    const AFTER = 'Made after the restart: data residency in the EU';
    const commit = (text: string) =>
      team.api.post('/v1/commitments', {
        accountId: team.accountId,
        text,
        kind: 'integration',
        status: 'open',
        roadmapStatus: 'on-roadmap',
        createdBy: 'RevOps',
      });
    // Seen live first, so the panel's feed has an event id to resume from.
    expect((await commit(BEFORE)).status).toBe(201);
    await frame.getByText(BEFORE).first().waitFor({ timeout: 10_000 });

    await team.restart(async () => {
      // The server is down: the feed is dropped and backing off.
      await new Promise((r) => setTimeout(r, 1_500));
    });
    // Written as soon as the server is back, before the panel has reconnected.
    expect((await commit(MISSED)).status).toBe(201);
    await frame.getByText(MISSED).first().waitFor({ timeout: 40_000 });
    expect((await commit(AFTER)).status).toBe(201);
    await frame.getByText(AFTER).first().waitFor({ timeout: 10_000 });
    await page.close();
  });
});
