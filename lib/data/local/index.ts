export { LocalStore, isLocalDashboardPort, type KeptDashboardRead, type LocalDashboardPort, type LocalStoreOptions } from './store';
export { DB_NAME, MIGRATIONS, STORE, INDEX, type Migration } from './schema';
export { newId } from './ids';
