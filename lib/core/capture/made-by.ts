import type { UserRole } from '../domain/settings';

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/**
 * Who a promise captured now was made by, until the person says otherwise:
 * the capturer when they are the account's AE (by role, or by being its
 * owner), otherwise the account's AE, who made the promises of the sale.
 * With no AE on record, the capturer.
 */
export function defaultMadeBy(capturer: { userName: string; userRole: UserRole | null }, account: { ownerAe?: string | undefined }): string {
  const ae = account.ownerAe?.trim();
  if (!ae || capturer.userRole === 'ae' || same(capturer.userName, ae)) return capturer.userName;
  return ae;
}
