import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CommitmentPatch } from '../../lib/core/model';
import { seamlineKeys } from '../app/data-queries';
import { pendingSuggestion } from '../../lib/core/capture/suggest';
import type { Commitment } from '../../lib/core/domain/commitment';
import { useNow } from '../app/clock';
import { useData } from '../app/DataContext';
import { Button, ErrorBanner, formatDate } from '../ui';
import { COMMITMENT_KIND_LABELS } from './labels';

/**
 * Offers what a captured commitment's wording suggests ("Suggested:
 * Integration, due 30 Jun 2027 — apply?"). Nothing is stored until the person
 * applies it; the suggestion is worked out from the text each time it is
 * shown, so it needs no storage and disappears once a kind and date are set.
 * Dismiss hides it for this view only.
 */
export function SuggestionPrompt({ commitment }: { commitment: Commitment }) {
  const now = useNow();
  const { client, source } = useData();
  const queryClient = useQueryClient();
  const [dismissed, setDismissed] = useState(false);
  const offer = pendingSuggestion(commitment, now);
  const apply = useMutation({
    mutationFn: (patch: CommitmentPatch) => client.updateCommitment(commitment.id, patch, commitment.version),
    onSettled: () =>
      commitment.accountId
        ? queryClient.invalidateQueries({ queryKey: seamlineKeys.accountContext(source, commitment.accountId) })
        : queryClient.invalidateQueries({ queryKey: seamlineKeys.unassigned(source) }),
  });
  if (!offer || dismissed) return null;

  const parts = [offer.kind ? COMMITMENT_KIND_LABELS[offer.kind] : null, offer.dueDate ? `due ${formatDate(offer.dueDate)}` : null].filter(Boolean);
  const why = [offer.kindReason, offer.dueReason].filter(Boolean).join('; ');
  const patch: CommitmentPatch = { ...(offer.kind ? { kind: offer.kind } : {}), ...(offer.dueDate ? { dueDate: offer.dueDate } : {}) };
  return (
    <div className="mt-1 rounded-md border border-sky-300 bg-sky-50 p-2 text-xs text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
      <p>
        <span className="font-semibold">Suggested:</span> {parts.join(', ')} — apply?
      </p>
      <p className="mt-0.5 text-sky-900 dark:text-sky-200">{why}</p>
      {apply.error != null && <ErrorBanner error={apply.error} />}
      <div className="mt-1 flex gap-1">
        <Button variant="primary" disabled={apply.isPending} onClick={() => apply.mutate(patch)} aria-label={`Apply suggestion: ${parts.join(', ')}`}>
          Apply
        </Button>
        <Button variant="ghost" onClick={() => setDismissed(true)} aria-label="Dismiss suggestion">
          Dismiss
        </Button>
      </div>
    </div>
  );
}
