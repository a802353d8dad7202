/**
 * Installs a jsdom window as the global environment (the way vitest's jsdom environment
 * does), before React or the kit is imported. Node's own globals stay (so the in-process
 * handler and sandbox keep Node's `fetch`, `btoa`, typed arrays, `crypto`…); only what Node
 * lacks, plus the DOM's own event classes and `navigator`, come from jsdom.
 */
import { createRequire } from 'node:module';

/** The slice of jsdom's API used here (the package ships no types, and @types/jsdom is not installed). */
interface JsdomInstance {
  readonly window: Window & typeof globalThis;
}
type JsdomConstructor = new (html: string, options: { url: string; pretendToBeVisual: boolean }) => JsdomInstance;
const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: JsdomConstructor };

/** Globals Node also has, but that must be the DOM's for events dispatched on DOM nodes. */
const DOM_OVERRIDES = new Set(['Event', 'EventTarget', 'CustomEvent', 'MessageEvent', 'navigator']);

/** Creates the window and copies its properties onto `globalThis`. */
export function installDom(url = 'https://shop.example/'): JsdomInstance {
  const dom = new JSDOM('<!doctype html><html lang="en"><head></head><body></body></html>', { url, pretendToBeVisual: true });
  const win = dom.window as unknown as Record<string, unknown>;
  const target = globalThis as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(win)) {
    if (key in target && !DOM_OVERRIDES.has(key)) continue;
    try {
      Object.defineProperty(target, key, { configurable: true, writable: true, value: win[key] });
    } catch {
      // A non-configurable global stays Node's.
    }
  }
  target['window'] = dom.window;
  // React runs on its real scheduler here, as in a browser; no act() warnings.
  (target as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
  return dom;
}
