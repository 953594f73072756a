import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Env } from '../base/env';
import { ApiError } from '../base/errors';

// Reads the body once: size limit first, then a JSON check, so malformed
// bodies get the contract's error shape instead of the framework's.
export function jsonBody(maxSize: number): MiddlewareHandler<Env>[] {
  return [
    bodyLimit({
      maxSize,
      onError: () => {
        // The unread rest of the body makes the connection unusable for the next request.
        throw new ApiError('payload-too-large', `the body exceeds ${maxSize} bytes`, { headers: { Connection: 'close' } });
      },
    }),
    async (c, next) => {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type))
        throw new ApiError('validation', 'send Content-Type: application/json', { field: 'Content-Type' });
      const text = await c.req.text();
      try {
        JSON.parse(text);
      } catch {
        throw new ApiError('malformed-json', 'the body is not valid JSON');
      }
      await next();
    },
  ];
}
