import { useId, type ReactNode } from 'react';
import { focusRing } from './Button';

/** A titled region: `<section aria-labelledby>` so screen-reader users can jump between cards. */
export function Card({
  title,
  actions,
  children,
  className = '',
  anchor,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Makes the card a jump target (an element id that takes focus without joining the tab order). */
  anchor?: string;
}) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      id={anchor}
      tabIndex={anchor ? -1 : undefined}
      className={`rounded-lg scroll-mt-2 ${focusRing} border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900 ${className}`}
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-sm font-semibold text-slate-900 dark:text-slate-50">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Muted({ children }: { children: ReactNode }) {
  return <p className="text-xs text-slate-600 dark:text-slate-400">{children}</p>;
}
