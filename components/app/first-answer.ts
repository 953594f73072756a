import type { QueryClient } from '@tanstack/react-query';
import type { FrameCheckReply } from '../../lib/core/messages/to-background';
import { seamlineKeys } from './data-queries';
import { TAB_RECORD_KEY } from './queries';

/**
 * Puts what the framed panel's first answer carried into the query cache, so
 * the panel paints the tab's account (heading, health) from it at once and
 * its queries refresh it in the background as usual.
 */
export function seedFromFirstAnswer(queryClient: QueryClient, answer: FrameCheckReply): void {
  if (!answer.crmPage) return;
  queryClient.setQueryData(TAB_RECORD_KEY, answer.tab);
  // The first request leaves before the page listens for the tab's record
  // changing (main.tsx), so a change in between would be missed: the panel
  // paints this record and reads the tab's record once more as it mounts.
  void queryClient.invalidateQueries({ queryKey: TAB_RECORD_KEY, refetchType: 'none' });
  const record = answer.tab?.record;
  const resolution = answer.tab?.resolution;
  if (!answer.context || !record || !resolution) return;
  const { source, accountId, value } = answer.context;
  queryClient.setQueryData(seamlineKeys.resolveRecord(source, record), resolution);
  queryClient.setQueryData(seamlineKeys.accountContext(source, accountId), value);
}
