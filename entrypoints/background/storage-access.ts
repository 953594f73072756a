/**
 * Closes storage.local (which holds the team-backend token) to content
 * scripts. Chromium allows narrowing the access level; where the browser
 * does not offer it, content scripts still never read it — they ask the
 * background for the little they need.
 */
export async function restrictLocalStorageToExtension(): Promise<void> {
  const local = (globalThis as { chrome?: { storage?: { local?: { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> } } } }).chrome
    ?.storage?.local;
  await local?.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}
