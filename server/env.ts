import type { Context } from 'hono';
import type { Db } from './db';
import type { Actor } from './store';

// What middleware hands to the handlers of one request.
export type Env = { Variables: { actor: Actor } };
export type Ctx = Context<Env>;

/** The database a route handler works on. */
export interface AppDeps {
  db: Db;
  log: (line: string) => void;
}
