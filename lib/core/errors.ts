import { z } from 'zod';

// One error shape for every adapter, serialisable so it survives extension
// messaging and can be shown to the user with its reason.
export const DataErrorKindSchema = z.enum(['not-found', 'validation', 'conflict', 'network', 'timeout', 'auth', 'schema', 'server', 'storage']);

export const DataErrorInfoSchema = z.object({
  kind: DataErrorKindSchema,
  message: z.string(),
  // For validation/schema errors: the offending field path, e.g. "commitments[3].dueDate".
  field: z.string().optional(),
  status: z.number().int().optional(),
  // For conflicts: the record as it is now, so the user can compare both versions.
  current: z.unknown().optional(),
});

export type DataErrorKind = z.infer<typeof DataErrorKindSchema>;
export type DataErrorInfo = z.infer<typeof DataErrorInfoSchema>;

export class DataError extends Error {
  readonly info: DataErrorInfo;
  constructor(info: DataErrorInfo) {
    super(info.message);
    this.name = 'DataError';
    this.info = info;
  }
  get kind(): DataErrorKind {
    return this.info.kind;
  }
}

export function isDataError(e: unknown): e is DataError {
  return e instanceof DataError;
}

/** A zod issue path as people read it: `commitments[3].dueDate` (after an optional prefix). */
export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  const joined = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return prefix ? `${prefix}${joined}` : joined.replace(/^\./, '');
}

/** The first failing field of a zod error (after an optional prefix) and what is wrong with it. */
export function firstIssue(error: z.ZodError, prefix = ''): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: issue ? fieldPath(issue.path, prefix) : prefix, message: issue?.message ?? 'invalid' };
}

/** Names the first failing field of a zod error (after an optional prefix), for messages a person can act on. */
export function schemaError(kind: 'schema' | 'validation', what: string, error: z.ZodError, prefix = ''): DataError {
  const { field, message } = firstIssue(error, prefix);
  return new DataError({
    kind,
    message: `${what}: ${field ? `${field}: ` : ''}${message}`,
    field: field || undefined,
  });
}
