import { differenceInCalendarDays, formatISO, isValid, parseISO } from 'date-fns';

// ISO calendar dates (yyyy-MM-dd) are read as local midnight and compared with
// `now` in calendar days: a due date means "by the end of that day" wherever
// the user is, which is how people read a CRM date field.
export function parseIsoDate(dateIso: string): Date {
  const d = parseISO(dateIso);
  if (!isValid(d)) throw new RangeError(`not an ISO date: ${JSON.stringify(dateIso)}`);
  return d;
}

// formatISO rather than format(): same local calendar date, several times
// faster, which matters when a portfolio of accounts is scored at once.
export function toIsoDate(date: Date): string {
  return formatISO(date, { representation: 'date' });
}

/** Calendar days from `now` until `dateIso`: 0 today, negative once past. */
export function daysUntil(dateIso: string, now: Date): number {
  return differenceInCalendarDays(parseIsoDate(dateIso), now);
}

/** Whether an ISO date lies on a later calendar day than `now`. */
export function isAfterToday(dateIso: string, now: Date): boolean {
  return daysUntil(dateIso, now) > 0;
}

/**
 * Short human label for a days-until figure. Due dates read "overdue" once
 * past; dates that are not obligations (a renewal, a closed-won date) read
 * "ago" with `{ past: 'ago' }`, since a past renewal is not the user's debt.
 */
export function formatDaysToGo(days: number | null | undefined, options: { past?: 'overdue' | 'ago' } = {}): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return options.past === 'ago' ? 'no date' : 'no due date';
  const n = Math.trunc(days);
  if (n === 0) return options.past === 'ago' ? 'today' : 'due today';
  if (n === 1) return options.past === 'ago' ? 'tomorrow' : 'due tomorrow';
  if (n > 0) return `${n} days to go`;
  const unit = n === -1 ? 'day' : 'days';
  return options.past === 'ago' ? `${-n} ${unit} ago` : `${-n} ${unit} overdue`;
}
