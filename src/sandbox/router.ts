import type { SandboxReply } from './http-io';
import type { SandboxWebhookEvent } from './webhook-outbox';

/** What a handler gets for one request. */
export interface RouteContext {
  /** A path parameter, e.g. `param('id')` for `/payments/:id` (decoded). */
  param(name: string): string;
  /** The query string, e.g. `customer_id` and `page_number` of `GET /payments`. */
  query: URLSearchParams;
  /** Parsed JSON body of an API request (`undefined` when empty). */
  body: unknown;
  /** Parsed form body of a browser request. */
  form: URLSearchParams;
  /** Webhooks to publish once the response is out. */
  events: SandboxWebhookEvent[];
}

/** One route of the sandbox. */
export interface RouteDefinition {
  /** HTTP method. */
  method: 'GET' | 'POST';
  /** Path template, e.g. `/customers/:id/payment-methods`. */
  pattern: string;
  /** `api`: Bearer auth and JSON bodies; `browser`: the hosted HTML pages (no auth, form bodies). */
  audience: 'api' | 'browser';
  /** Answers the request (may throw `SandboxHttpError`). */
  handle(ctx: RouteContext): SandboxReply;
}

/** The counting key of a route: `METHOD /template`, e.g. `GET /payments/:id`. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'pattern'>): string {
  return `${route.method} ${route.pattern}`;
}

/** The route a request hits and its path parameters, or `null`. */
export function matchRoute(
  routes: readonly RouteDefinition[],
  method: string,
  path: string,
): { route: RouteDefinition; params: Map<string, string> } | null {
  const segments = path.split('/').filter((s) => s !== '');
  for (const route of routes) {
    if (route.method !== method) continue;
    const template = route.pattern.split('/').filter((s) => s !== '');
    if (template.length !== segments.length) continue;
    const params = new Map<string, string>();
    const matches = template.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part.startsWith(':')) {
        params.set(part.slice(1), decodeURIComponent(segment));
        return segment !== '';
      }
      return part === segment;
    });
    if (matches) return { route, params };
  }
  return null;
}
