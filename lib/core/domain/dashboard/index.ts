// The alignment dashboard's computations: pure, filtered alike, every number with its accounts and its definition.
export * from './common';
export * from './filters';
export * from './arr-history';
export * from './retention';
export * from './early-churn';
export * from './time-to-value';
export * from './kickoff-attainment';
export * from './promise-ledger';
export * from './review-agenda';
export * from './capacity';
export * from './dashboard';
export * from './definitions';
export * from './summary';
export * from './health-index';
export * from './icp-verdict';
export * from './packed';
