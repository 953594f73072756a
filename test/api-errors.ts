import { expect } from 'vitest';
import { ApiErrorBodySchema } from '../lib/core/http-contract';

/** Asserts a reply is the shared error shape with this status and code, and returns the error. */
export function expectError(reply: { status: number; body: unknown }, status: number, code: string) {
  expect(reply.status).toBe(status);
  const parsed = ApiErrorBodySchema.parse(reply.body);
  expect(parsed.error.code).toBe(code);
  return parsed.error;
}
