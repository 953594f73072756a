// The pure domain core: schemas (the only source of types) and the rules of the playbook.
export * from './primitives';
export * from './crm-record';
export * from './user-site';
export * from './linking';
export * from './account';
export * from './health-snapshot';
export * from './commitment';
export * from './risk-flag';
export * from './handoff';
export * from './icp';
export * from './settings';
