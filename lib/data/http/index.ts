export { HttpBackend, type HttpBackendOptions } from './backend';
