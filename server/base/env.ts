import type { Context } from 'hono';
import type { z } from 'zod';
import type { Db } from './db';
import type { Actor } from '../store';

// What middleware hands to the handlers of one request.
export type Env = {
  Variables: {
    actor: Actor;
    /** Set while a write runs inside its idempotency transaction; handlers use it instead of the app's database. */
    db?: Db;
    /** The route's body schema, for the error handler to name a field zod's own checks threw on (safeParseOf). */
    body?: z.ZodType;
  };
};
export type Ctx = Context<Env>;
