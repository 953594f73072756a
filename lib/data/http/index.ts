export { HttpBackend, type ConnectionReport, type HttpBackendOptions } from './backend';
