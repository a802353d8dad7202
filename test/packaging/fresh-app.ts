/**
 * The files of the "fresh app" the packaging suite installs the tarball into: what a host
 * writes by hand after `npm create vite` (React + TS) and a plain Node ESM server script.
 * Kept as strings so the repo's own `tsc` does not try to resolve `upsell-kit` from here.
 */

/** The offer the browser app shows: the memory adapter's post-purchase upsell for the Single license. */
export const OFFER_ID = 'single_to_team';

/** Browser-only host packages (no server peers: they must not be needed to build a browser app). */
export const BROWSER_PACKAGES = ['react@19.3.1', 'react-dom@19.3.1', '@radix-ui/react-dialog@1.3.1', 'vite@8.3.8', '@vitejs/plugin-react@6.3.0', '@types/react@19.3.3'];

/** What a Node host adds for `upsell-kit/server` and `upsell-kit/sandbox` (optional peers), plus Node's types. */
export const SERVER_PACKAGES = ['dodopayments@2.52.0', 'standardwebhooks@1.1.1', 'zod@4.6.7', '@types/node@20.19.43'];

/** The optional peers only the server entries need: a browser-only install must not contain them. */
export const SERVER_ONLY_PEERS = ['dodopayments', 'standardwebhooks', 'zod', '@electric-sql/pglite', 'pg'];

export const FRESH_APP_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'fresh-upsell-app', private: true, version: '0.0.0', type: 'module' }, null, 2),

  // Vite config shared by both browser builds: a manifest, and the list of modules each chunk
  // really contains (rendered length > 0), written where MODULE_LIST says.
  'vite.config.mjs': `import { writeFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const moduleList = () => ({
  name: 'module-list',
  generateBundle(_options, bundle) {
    const modules = [];
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      for (const [id, info] of Object.entries(chunk.modules)) modules.push({ chunk: chunk.fileName, id, renderedLength: info.renderedLength });
    }
    writeFileSync(process.env.MODULE_LIST ?? 'modules.json', JSON.stringify(modules, null, 1));
  },
});

export default defineConfig({
  plugins: [react(), moduleList()],
  logLevel: 'warn',
  build: { manifest: true, chunkSizeWarningLimit: 2000 },
});
`,

  'index.html': `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <title>Fresh upsell app</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/src/main.tsx"></script>
  </body>
</html>
`,

  // The styled path: provider + memory adapter + UpsellModal + the stylesheet.
  'src/main.tsx': `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { UpsellModal, UpsellProvider } from 'upsell-kit';
import { createMemoryAdapter } from 'upsell-kit/memory';
import 'upsell-kit/styles.css';

const adapter = createMemoryAdapter({ fixture: 'happyPath', latencyMs: 0, autoCompleteActionMs: null });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <UpsellProvider adapter={adapter} storage={null}>
      <UpsellModal placement="post_purchase" filter={(offer) => offer.id === '${OFFER_ID}'} />
    </UpsellProvider>
  </StrictMode>,
);
`,

  // The headless path (issue 5): one file importing only the provider and a hook.
  'hooks-only/index.html': `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>Hooks only</title></head>
  <body><div id="root"></div><script type="module" src="./main.tsx"></script></body>
</html>
`,
  'hooks-only/main.tsx': `import { createRoot } from 'react-dom/client';
import { useUpsellOffer, UpsellProvider } from 'upsell-kit';
import { createMemoryAdapter } from 'upsell-kit/memory';

function Offer() {
  const { status, offer } = useUpsellOffer({ placement: 'post_purchase', filter: (o) => o.id === '${OFFER_ID}' });
  return <p data-status={status}>{offer ? offer.product.name : 'no offer'}</p>;
}

createRoot(document.getElementById('root')!).render(
  <UpsellProvider adapter={createMemoryAdapter({ fixture: 'happyPath', latencyMs: 0 })} storage={null}>
    <Offer />
  </UpsellProvider>,
);
`,

  // A host's server in plain Node ESM: no TypeScript, no bundler. Prints one JSON line.
  'server.mjs': `import { createServer } from 'node:http';
import { createMemoryStore, createUpsellHandler, GUIDE_OFFER_RULES, toNodeListener } from 'upsell-kit/server';
import { createDodoSandbox, CUS_ALICE, SANDBOX_WEBHOOK_SECRET } from 'upsell-kit/sandbox';

const sandbox = await createDodoSandbox({ port: 0 });
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = 'http://127.0.0.1:' + server.address().port;
sandbox.webhooks.setUrl(origin + '/api/upsell/webhooks');

const handler = createUpsellHandler({
  dodo: { bearerToken: 'sk_test_fresh_app', baseURL: sandbox.url },
  authenticate: (request) => (request.headers.get('x-session') === 'alice' ? CUS_ALICE : null),
  offers: GUIDE_OFFER_RULES,
  signingSecret: 'fresh-app-signing-secret-0123456789-abcdef',
  returnUrl: origin + '/thanks',
  store: createMemoryStore(),
  webhookSecret: SANDBOX_WEBHOOK_SECRET,
});
server.on('request', toNodeListener(handler));

try {
  const anonymous = await fetch(origin + '/api/upsell/payment-methods');
  const signedIn = await fetch(origin + '/api/upsell/payment-methods', { headers: { 'x-session': 'alice' } });
  const expected = sandbox.state.customers.get(CUS_ALICE).payment_methods.map((method) => method.payment_method_id);
  console.log(JSON.stringify({ anonymousStatus: anonymous.status, status: signedIn.status, body: await signedIn.json(), expected }));
} finally {
  await sandbox.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
`,

  // Type-checks every entry's main exports the way a host uses them (tsc, moduleResolution bundler).
  'consumer.ts': `import { UpsellModal, UpsellProvider, createHttpAdapter, useUpsellOffer } from 'upsell-kit';
import type { UpsellAdapter, UpsellModalProps, UseUpsellOfferResult } from 'upsell-kit';
import { formatMoney, money } from 'upsell-kit/core';
import type { Messages, Money } from 'upsell-kit/core';
import { createMemoryAdapter } from 'upsell-kit/memory';
import type { MemoryAdapter } from 'upsell-kit/memory';
import { GUIDE_OFFER_RULES, createMemoryStore, createUpsellHandler, toNodeListener } from 'upsell-kit/server';
import type { NodeListener, UpsellHandler, UpsellHandlerOptions } from 'upsell-kit/server';
import { CUS_ALICE, createDodoSandbox } from 'upsell-kit/sandbox';
import type { DodoSandbox } from 'upsell-kit/sandbox';
import { hi } from 'upsell-kit/locales/hi';

// With skipLibCheck (as in Vite's templates) a type the package cannot resolve turns into
// \`any\` silently; these fail instead.
type IsAny<T> = 0 extends 1 & T ? true : false;
type NotAny<T extends false> = T;
export type NoAnyExports = [
  NotAny<IsAny<typeof UpsellModal>>,
  NotAny<IsAny<typeof UpsellProvider>>,
  NotAny<IsAny<ReturnType<typeof UpsellProvider>>>,
  NotAny<IsAny<typeof useUpsellOffer>>,
  NotAny<IsAny<UseUpsellOfferResult>>,
  NotAny<IsAny<Money>>,
  NotAny<IsAny<MemoryAdapter>>,
  NotAny<IsAny<UpsellHandlerOptions>>,
  NotAny<IsAny<UpsellHandlerOptions['dodo']>>,
  NotAny<IsAny<DodoSandbox>>,
  NotAny<IsAny<typeof hi>>,
];

export const adapter: UpsellAdapter = createMemoryAdapter({ fixture: 'happyPath' });
export const http: UpsellAdapter = createHttpAdapter({ baseUrl: '/api/upsell' });
export const modalProps: UpsellModalProps = { placement: 'post_purchase', onResult: (result) => void result.outcome };
export const price: string = formatMoney(money(4900, 'USD'), 'en-US');
export const hindi: Messages = hi;
export const options: UpsellHandlerOptions = {
  dodo: { bearerToken: 'sk_test', baseURL: 'http://127.0.0.1:1' },
  authenticate: () => CUS_ALICE,
  offers: GUIDE_OFFER_RULES,
  signingSecret: 'a-signing-secret-of-at-least-32-characters',
  returnUrl: 'https://shop.example/thanks',
  store: createMemoryStore(),
};
export const handler: UpsellHandler = createUpsellHandler(options);
export const listener: NodeListener = toNodeListener(handler);
export const sandbox: () => Promise<DodoSandbox> = () => createDodoSandbox({ port: 0 });
// @ts-expect-error: \`placement\` is required, so the hook's options are typed, not \`any\`.
export const missingPlacement = () => useUpsellOffer({});
`,

  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      files: ['consumer.ts'],
    },
    null,
    2,
  ),
};
