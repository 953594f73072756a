import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { statusQuery } from './data-queries';
import { DataProvider, type PanelClient } from './DataContext';

/**
 * Provides the client with the source the background is actually using. The
 * status is refetched on every change broadcast, so switching between the
 * local store and the team backend re-keys every query at once.
 */
export function DataRoot({ client, children }: { client: PanelClient; children: ReactNode }) {
  const status = useQuery(statusQuery(client));
  const source = status.data?.source ?? client.source;
  return <DataProvider value={{ client, source }}>{children}</DataProvider>;
}
