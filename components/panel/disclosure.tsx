import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { safeParseOf } from '../../lib/core/parse';
import { z } from 'zod';
import { useDraft } from '../app/drafts';

// Which collapsible cards a person opened, kept for as long as the panel page
// lives: switching record in the same panel keeps them open, a new panel
// starts collapsed, unless it is the same tab's frame made again.
interface Disclosures {
  isOpen: (name: string) => boolean;
  setOpen: (name: string, open: boolean) => void;
}

const DisclosureContext = createContext<Disclosures | null>(null);

// Kept with the panel's drafts too, so a frame released while its tab was
// hidden comes back with the same cards open.
const OpenCardsSchema = z.array(z.string());
const openCards = (draft: string | null): ReadonlySet<string> => {
  try {
    const parsed = safeParseOf(OpenCardsSchema, JSON.parse(draft ?? '[]'));
    return new Set(parsed.success ? parsed.data : []);
  } catch {
    return new Set();
  }
};

export function PanelDisclosureProvider({ children }: { children: ReactNode }) {
  const [draft, setDraft] = useDraft('open-cards');
  const [open, setOpenSet] = useState<ReadonlySet<string>>(() => openCards(draft));
  const setOpen = useCallback(
    (name: string, next: boolean) =>
      setOpenSet((old) => {
        if (old.has(name) === next) return old;
        const copy = new Set(old);
        if (next) copy.add(name);
        else copy.delete(name);
        return copy;
      }),
    [],
  );
  useEffect(() => setDraft(open.size ? JSON.stringify([...open]) : null), [open, setDraft]);
  const value = useMemo(() => ({ isOpen: (name: string) => open.has(name), setOpen }), [open, setOpen]);
  return <DisclosureContext.Provider value={value}>{children}</DisclosureContext.Provider>;
}

/** Open state of one collapsible card; a card rendered on its own keeps it locally. */
export function useDisclosure(name: string): [boolean, (open: boolean) => void] {
  const shared = useContext(DisclosureContext);
  const [local, setLocal] = useState(false);
  if (shared) return [shared.isOpen(name), (open) => shared.setOpen(name, open)];
  return [local, setLocal];
}

/** Element ids of the cards the next actions jump to. */
export const CARD_ANCHORS = {
  health: 'seamline-card-health',
  icp: 'seamline-card-icp',
  commitments: 'seamline-card-commitments',
  checklist: 'seamline-card-checklist',
} as const;

export const commitmentAnchor = (id: string) => `seamline-commitment-${id}`;
