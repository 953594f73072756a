/** Whether storage.local could be closed to content scripts, and if not, why. */
export type StorageAccessReport = { restricted: true } | { restricted: false; message: string };

type StorageLocal = { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };

/**
 * Closes storage.local to content scripts where the browser allows it
 * (Chromium). The token never depends on it (it lives in the background's own
 * IndexedDB), but a failure is reported, not swallowed: the options page shows
 * it with the connection status.
 */
export async function restrictLocalStorageToExtension(
  local: StorageLocal | undefined = (globalThis as { chrome?: { storage?: { local?: StorageLocal } } }).chrome?.storage?.local,
): Promise<StorageAccessReport> {
  if (!local?.setAccessLevel) {
    return {
      restricted: false,
      message: 'This browser cannot close extension storage to page scripts; Seamline keeps the access token in its own database instead.',
    };
  }
  try {
    await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    return { restricted: true };
  } catch (e) {
    return { restricted: false, message: `Extension storage could not be closed to page scripts (${e instanceof Error ? e.message : String(e)}).` };
  }
}
