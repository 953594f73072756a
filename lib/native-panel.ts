import type { NativePanelApi } from '../entrypoints/background/commands';

// Chrome's sidePanel and Firefox's sidebarAction are outside the polyfill's
// shared surface; read them from the native globals where they exist.
export function nativePanelApi(): NativePanelApi {
  const g = globalThis as unknown as {
    chrome?: { sidePanel?: NativePanelApi['sidePanel'] };
    browser?: { sidebarAction?: NativePanelApi['sidebarAction'] };
  };
  return { sidePanel: g.chrome?.sidePanel, sidebarAction: g.browser?.sidebarAction };
}
