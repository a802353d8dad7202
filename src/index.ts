/** upsell-kit: the browser entry (core, hooks, components, HTTP adapter). */
export * from './core/index';
export * from './client/index';
export * from './hooks/index';
export * from './components/index';
