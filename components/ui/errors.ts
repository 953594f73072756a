import type { DataErrorKind } from '../../lib/core/errors';

// Errors may arrive as DataError instances or, after crossing extension
// messaging, as plain objects carrying the same `info`; both are read here.
export function errorKind(error: unknown): DataErrorKind | null {
  const info = (error as { info?: { kind?: unknown } } | null)?.info;
  return typeof info?.kind === 'string' ? (info.kind as DataErrorKind) : null;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  const info = (error as { info?: { message?: unknown } } | null)?.info;
  if (typeof info?.message === 'string') return info.message;
  return typeof error === 'string' ? error : 'Unknown error';
}

const TITLES: Record<DataErrorKind, string> = {
  network: 'Cannot reach the team backend',
  timeout: 'The team backend did not answer in time',
  auth: 'The team backend refused the access token — check Settings',
  conflict: 'Someone else changed this first',
  schema: 'The data did not have the expected shape',
  server: 'The team backend reported an error',
  storage: 'Local storage failed',
  'not-found': 'Not found',
  validation: 'Some values are not valid',
};

export function describeError(error: unknown): { kind: DataErrorKind | null; title: string; detail: string } {
  const kind = errorKind(error);
  const detail = errorMessage(error);
  return { kind, title: kind ? TITLES[kind] : 'Something went wrong', detail };
}
