/**
 * Server-rendering tests (`// @vitest-environment node`): turn the browser globals into traps
 * that record who reached for them, and take the traps down again after each test.
 */
import { afterEach } from 'vitest';

/** The globals a server render must not read. */
export const BROWSER_GLOBALS = ['window', 'document', 'localStorage', 'sessionStorage', 'location', 'open'] as const;

/** Options of {@link trapBrowserGlobalsPerTest}. */
export interface BrowserGlobalTrapOptions {
  /** The globals to trap. @default BROWSER_GLOBALS */
  globals?: readonly string[];
  /**
   * Records a read only when the code that made it lives in a path containing this text (such
   * as `/src/`, the kit's own code): reads from dependencies are left out. @default every read
   */
  readersIn?: string;
}

/**
 * Registers an `afterEach` that removes the traps, and returns `trap()`: it turns every browser
 * global into a trap and returns the list of the globals read since (in order, with repeats).
 */
export function trapBrowserGlobalsPerTest(options: BrowserGlobalTrapOptions = {}): () => string[] {
  const { globals = BROWSER_GLOBALS, readersIn } = options;

  afterEach(() => {
    for (const name of globals) Reflect.deleteProperty(globalThis, name);
  });

  return function trapBrowserGlobals(): string[] {
    const touched: string[] = [];
    for (const name of globals) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          if (readersIn !== undefined) {
            // Frame 0 is "Error", frame 1 this getter, frame 2 whoever read the global.
            const reader = new Error().stack?.split('\n')[2] ?? '';
            if (!reader.includes(readersIn)) return undefined;
          }
          touched.push(name);
          return undefined;
        },
      });
    }
    return touched;
  };
}
