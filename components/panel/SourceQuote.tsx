import type { ReactNode } from 'react';
import { focusRing, hostOf, safeHref } from '../ui';

/**
 * A quote captured from a page, with where it came from. Only http(s) URLs
 * become links; anything else (javascript:, data:) stays visible as text so
 * the person can still see what was recorded.
 */
export function SourceQuote({ quote, url, title }: { quote?: string; url?: string; title?: string }) {
  if (!quote && !url) return null;
  const href = safeHref(url);
  const label = title?.trim() || (url ? hostOf(url) : '');
  return (
    <figure className="mt-1">
      {quote && (
        <blockquote className="border-l-2 border-slate-300 pl-2 text-xs whitespace-pre-wrap text-slate-700 italic dark:border-slate-600 dark:text-slate-300">
          {quote}
        </blockquote>
      )}
      {url && (
        <figcaption className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
          Source:{' '}
          {href ? (
            <a
              href={href}
              target="_blank"
              rel="noopener noreferrer"
              className={`rounded-sm wrap-break-word text-indigo-800 underline hover:text-indigo-950 dark:text-indigo-300 dark:hover:text-indigo-200 ${focusRing}`}
            >
              {withBreaks(label)}
            </a>
          ) : (
            <span className="wrap-break-word">{withBreaks(label)} (not a web link)</span>
          )}
        </figcaption>
      )}
    </figure>
  );
}

// An address wraps after its separators (/, ., ?, &, =, -, _) rather than
// mid-word; a part longer than the line still wraps where it must.
function withBreaks(text: string): ReactNode[] {
  return text.split(/(?<=[/.?&=_-])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}
