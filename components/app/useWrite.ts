import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useData, type PanelClient } from './DataContext';
import { invalidateAfterWrite } from './queries';

/**
 * A write through the data client. Whatever the outcome the data is refetched:
 * on success to show the stored result, on a conflict to show the version that
 * won, so the person re-applies their change to what is really there.
 */
export function useWrite<TVars, TResult = unknown>(write: (client: PanelClient, vars: TVars) => Promise<TResult>) {
  const { client } = useData();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: TVars) => write(client, vars),
    onSettled: () => invalidateAfterWrite(queryClient),
  });
}
