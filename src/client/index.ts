/** The browser's HTTP adapter for the reference server. */
export { createHttpAdapter } from './create-http-adapter';
export type { HttpAdapterOptions } from './create-http-adapter';
