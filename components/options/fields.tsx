import {
  createContext,
  useContext,
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { focusRing } from '../ui';
import type { FieldErrors } from '../../lib/core/settings/form';
import type { LockedField } from '../../lib/core/settings/policy';

// Form controls with their error right under them. They reuse the look of the
// shared UI fields but add what a settings form needs: aria-invalid and a
// message tied to the control by aria-describedby.

const control = `mt-0.5 block w-full rounded-md border bg-white px-2 py-1 text-sm text-slate-900 dark:bg-slate-800 dark:text-slate-100 ${focusRing}`;
const labelCls = 'block text-xs font-medium text-slate-700 dark:text-slate-300';

/** The errors of the form being edited, keyed by path relative to it. */
export const ErrorsContext = createContext<FieldErrors>({});

export function useFieldError(path: string | undefined): string | undefined {
  const errors = useContext(ErrorsContext);
  return path === undefined ? undefined : errors[path];
}

function Message({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-0.5 text-xs font-medium text-red-700 dark:text-red-300" data-field-error>
          {error}
        </p>
      )}
    </>
  );
}

function describedBy(id: string, error?: string, hint?: ReactNode) {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

const border = (error?: string) => (error ? 'border-red-600 dark:border-red-400' : 'border-slate-300 dark:border-slate-600');

type Common = { label: ReactNode; path?: string; hint?: ReactNode; error?: string };

export function Input({ label, path, hint, error: explicit, ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const fromForm = useFieldError(path);
  const error = explicit ?? fromForm;
  return (
    <div>
      <label htmlFor={id} className={labelCls}>
        {label}
      </label>
      <input
        id={id}
        className={`${control} ${border(error)}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      />
      <Message id={id} error={error} hint={hint} />
    </div>
  );
}

export function Area({ label, path, hint, error: explicit, ...rest }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const fromForm = useFieldError(path);
  const error = explicit ?? fromForm;
  return (
    <div>
      <label htmlFor={id} className={labelCls}>
        {label}
      </label>
      <textarea
        id={id}
        rows={2}
        className={`${control} ${border(error)}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      />
      <Message id={id} error={error} hint={hint} />
    </div>
  );
}

export function Select({
  label,
  path,
  hint,
  error: explicit,
  options,
  ...rest
}: Common & { options: readonly { value: string; label: string }[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  const fromForm = useFieldError(path);
  const error = explicit ?? fromForm;
  return (
    <div>
      <label htmlFor={id} className={labelCls}>
        {label}
      </label>
      <select
        id={id}
        className={`${control} ${border(error)}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Message id={id} error={error} hint={hint} />
    </div>
  );
}

export function Check({ label, ...rest }: { label: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="inline-flex items-center gap-1.5 text-sm text-slate-800 dark:text-slate-200">
      <input type="checkbox" className={`h-4 w-4 ${focusRing}`} {...rest} />
      {label}
    </label>
  );
}

/** Errors about the form as a whole (path ""), or about a group such as a rule. */
export function FormError({ path = '' }: { path?: string }) {
  const error = useFieldError(path);
  if (!error) return null;
  return (
    <p role="alert" className="text-xs font-medium text-red-700 dark:text-red-300" data-field-error>
      {error}
    </p>
  );
}

/**
 * The background's errors as a section shows them: its own fields re-rooted
 * (see errorsWithin), and anything else — an error about the save itself, or
 * about a setting outside the section — as the section's form error, so that a
 * refused save never looks like nothing happened.
 */
export function sectionErrors(errors: FieldErrors, prefix: string): FieldErrors {
  const out = errorsWithin(errors, prefix);
  const elsewhere = Object.entries(errors)
    .filter(([k]) => k !== prefix && !k.startsWith(`${prefix}.`) && !k.startsWith(`${prefix}[`))
    .map(([k, v]) => (k === '' ? v : `${k}: ${v}`));
  if (elsewhere.length > 0) out[''] = [out[''], ...elsewhere].filter(Boolean).join('; ');
  return out;
}

/** Re-roots errors keyed by full settings paths ("icpProfile.rules[0].min") to a section ("rules[0].min"). */
export function errorsWithin(errors: FieldErrors, prefix: string): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) {
    if (k === prefix) out[''] = v;
    else if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
    else if (k.startsWith(`${prefix}[`)) out[k.slice(prefix.length)] = v;
  }
  return out;
}

export function Section({ id, title, children, intro }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section
      id={id}
      aria-labelledby={`${id}-title`}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900 dark:text-slate-100">
        {title}
      </h2>
      {intro && <p className="mt-0.5 mb-3 text-sm text-slate-600 dark:text-slate-400">{intro}</p>}
      <div className="mt-2 space-y-3">{children}</div>
    </section>
  );
}

/** A polite live status line ("Saved", "Testing…"). */
export function Status({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="text-xs text-slate-700 dark:text-slate-300">
      {children}
    </p>
  );
}

export const LOCK_TEXT = {
  organisation: 'Set by your organisation',
  workspace: 'Managed by your workspace admins',
} as const;

/** Says who fixed these settings; the controls under it are disabled. */
export function LockNote({ lock }: { lock: LockedField | null }) {
  if (!lock) return null;
  return (
    <p
      className="rounded-md border border-slate-300 bg-slate-100 px-2 py-1 text-xs font-medium text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200"
      data-lock={lock.by}
    >
      {LOCK_TEXT[lock.by]}
      {lock.by === 'organisation'
        ? ': your IT administrators set this for everyone, so it cannot be changed here.'
        : ': they publish it for the whole team.'}
    </p>
  );
}

/** The controls of a setting someone else fixes: shown, but disabled (a disabled fieldset disables everything in it). */
export function Lockable({ lock, children }: { lock: LockedField | null; children: ReactNode }) {
  return (
    <>
      <LockNote lock={lock} />
      <fieldset disabled={lock !== null} className="min-w-0 space-y-3 disabled:opacity-80">
        {children}
      </fieldset>
    </>
  );
}
