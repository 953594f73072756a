export { generateDemoPortfolio, generateDemoArrHistory, generateDemoData, fixtureAccounts, DEMO_HISTORY_MONTHS, type DemoOptions } from './generate';
export { DEFAULT_DEMO_SEED, DEFAULT_DEMO_ACCOUNTS } from './seed';
export { mulberry32, createRng, type Rng } from './prng';
