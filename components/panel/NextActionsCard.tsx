import type { AccountContext } from '../../lib/core/model';
import { nextActions, type NextAction } from '../../lib/core/domain/next-actions';
import { useNow } from '../app/clock';
import { useSettings } from '../app/settings';
import { Card, focusRing, Muted } from '../ui';
import { listArrowKeys } from '../shared/keyboard';
import { CARD_ANCHORS, commitmentAnchor, useDisclosure } from './disclosure';

const KIND_TONES: Record<NextAction['kind'], string> = {
  kickoff: 'border-l-red-700 dark:border-l-red-400',
  'icp-approval': 'border-l-red-700 dark:border-l-red-400',
  'roadmap-gap': 'border-l-red-700 dark:border-l-red-400',
  'overdue-commitment': 'border-l-amber-600 dark:border-l-amber-300',
  'checklist-missing': 'border-l-amber-600 dark:border-l-amber-300',
  'health-at-risk': 'border-l-amber-600 dark:border-l-amber-300',
};

function jumpTo(elementId: string) {
  const el = document.getElementById(elementId);
  if (!el) return;
  el.focus({ preventScroll: true });
  const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  el.scrollIntoView?.({ block: 'start', behavior: still ? 'auto' : 'smooth' });
}

/** What to do first on this account, at most three rows, each jumping to the card that holds it. */
export function NextActionsCard({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const now = useNow();
  const [, openHealth] = useDisclosure('health');
  const [, openIcp] = useDisclosure('icp');
  const { actions, total } = nextActions(context, settings, now);

  const go = (a: NextAction) => {
    // The collapsed cards open first, so the focus lands on what the row promised.
    if (a.target === 'health') openHealth(true);
    if (a.target === 'icp') openIcp(true);
    const id = a.commitmentId ? commitmentAnchor(a.commitmentId) : CARD_ANCHORS[a.target];
    // After the opened card has rendered.
    requestAnimationFrame(() => jumpTo(document.getElementById(id) ? id : CARD_ANCHORS[a.target]));
  };

  return (
    <Card title="Next actions">
      {actions.length === 0 ? (
        <Muted>Nothing needs attention right now.</Muted>
      ) : (
        <ol className="space-y-1" aria-label="Next actions, most urgent first" onKeyDown={listArrowKeys}>
          {actions.map((a) => (
            <li key={`${a.kind}:${a.commitmentId ?? ''}`}>
              <button
                type="button"
                data-nav-row=""
                onClick={() => go(a)}
                className={`w-full rounded-md border border-l-4 border-slate-200 px-2 py-1 text-left hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800 ${KIND_TONES[a.kind]} ${focusRing}`}
              >
                <span className="block text-sm font-medium break-words text-slate-900 dark:text-slate-50">{a.title}</span>
                <span className="block text-xs break-words text-slate-700 dark:text-slate-300">{a.detail}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {total > actions.length && <Muted>{`${total - actions.length} more below.`}</Muted>}
    </Card>
  );
}
