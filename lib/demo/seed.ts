// What "Load demo portfolio" loads: a fixed seed, so every demo and every
// test sees the same portfolio, and enough accounts for every card to matter.
export const DEFAULT_DEMO_SEED = 20240611;
export const DEFAULT_DEMO_ACCOUNTS = 60;
