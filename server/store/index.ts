// The store: one module per resource over the shared query interface (db.ts).
export * from './shared';
export * from './tokens';
export * from './accounts';
export * from './links';
export * from './snapshots';
export * from './tracked';
export * from './handoff';
export * from './approvals';
export * from './milestones';
export * from './audit';
export * from './transfer';
export * from './idempotency';
export * from './rate-limits';
export * from './team-settings';
export * from './events';
export * from './dashboard';
