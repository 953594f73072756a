import type { z } from 'zod';
import { API_ERROR_STATUS, type ApiErrorBody, type ApiErrorCode } from '../../lib/core/http-contract';
import { firstIssue } from '../../lib/core/errors';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly field?: string;
  readonly current?: unknown;
  readonly headers?: Record<string, string>;
  constructor(code: ApiErrorCode, message: string, extra: { field?: string; current?: unknown; headers?: Record<string, string> } = {}) {
    super(message);
    this.code = code;
    this.field = extra.field;
    this.current = extra.current;
    this.headers = extra.headers;
  }
  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field !== undefined ? { field: this.field } : {}),
        ...(this.current !== undefined ? { current: this.current } : {}),
      },
    };
  }
}

export function validationError(where: string, error: z.ZodError): ApiError {
  const { field, message } = firstIssue(error);
  return new ApiError('validation', `${where}: ${field ? `${field}: ` : ''}${message}`, field ? { field } : {});
}
