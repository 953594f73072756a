import type { QueryClient } from '@tanstack/react-query';
import { invalidateFromChange, seamlineKeys } from './data-queries';
import type { ServiceStatus } from '../../lib/core/sync';
import type { Broadcast } from '../../lib/core/messages/to-pages';
import type { TabRecord } from '../../lib/core/messages/to-background';
import { TAB_RECORD_KEY } from './queries';

export interface PanelEvents {
  onBroadcast: (listener: (message: Broadcast) => void) => () => void;
  /** Only for top-level pages (native side panel, sidebar): they follow the active tab. */
  onActiveTabChange?: (listener: () => void) => () => void;
}

/**
 * Keeps a page's cache in step with the background: data changes (from the
 * popup, the context menu, another panel) mark exactly the affected queries
 * stale so open views refetch, and a change of the tab's record reloads it.
 * Returns the unsubscribe.
 */
export function connectPanel(queryClient: QueryClient, events: PanelEvents): () => void {
  const refetchTabRecord = () => void queryClient.invalidateQueries({ queryKey: TAB_RECORD_KEY });
  const offBroadcast = events.onBroadcast((message) => {
    if (message.type === 'changed') {
      void invalidateFromChange(queryClient, message);
      return;
    }
    if (message.type === 'connection') {
      // Shown at once, then read again for the lists the broadcast does not carry.
      queryClient.setQueryData<ServiceStatus>(seamlineKeys.status(), (old) => (old ? { ...old, connection: message.state } : old));
      void queryClient.invalidateQueries({ queryKey: seamlineKeys.status() });
      return;
    }
    const shown = queryClient.getQueryData<TabRecord | null>(TAB_RECORD_KEY);
    // Another tab's record changing is none of this page's business.
    if (!shown || shown.tabId === message.tabId) refetchTabRecord();
  });
  const offTab = events.onActiveTabChange?.(refetchTabRecord) ?? (() => {});
  return () => {
    offBroadcast();
    offTab();
  };
}
