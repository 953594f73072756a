// The tree-shakable build's `config` sets the same setting for the whole
// library, without loading every schema type with it.
import { config } from 'zod/mini';

// Extension pages run under a content security policy without eval (and the
// stores' reviewers reject it), so zod must never compile parsers with
// `new Function`. The setting is read when a schema is built, so every
// entrypoint imports this module before anything that defines a schema.
config({ jitless: true });
