import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createDodoSandbox } from './create-dodo-sandbox';
import type { DodoSandbox } from './dodo-sandbox';

/** What `main` needs from its surroundings (stdout by default). */
export interface SandboxCliIo {
  /** Prints one line. */
  log(line: string): void;
}

/**
 * Starts the sandbox from command-line arguments and prints its URL:
 * `--port <n>` (default 0 = any free port), `--host <addr>`, `--webhook-url <url>`,
 * `--webhook-secret <whsec_…>`, `--api-key <key>`. Resolves to the running sandbox.
 */
export async function main(argv: readonly string[], io: SandboxCliIo = { log: (line) => console.log(line) }): Promise<DodoSandbox> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'api-key': { type: 'string' },
    },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port must be 0..65535, got ${values.port}`);
  const sandbox = await createDodoSandbox({
    port,
    ...(values.host !== undefined && { host: values.host }),
    ...(values['webhook-url'] !== undefined && { webhookUrl: values['webhook-url'] }),
    ...(values['webhook-secret'] !== undefined && { webhookSecret: values['webhook-secret'] }),
    ...(values['api-key'] !== undefined && { apiKey: values['api-key'] }),
  });
  io.log(`Dodo sandbox listening on ${sandbox.url}`);
  io.log(`Webhook secret: ${sandbox.webhookSecret}`);
  io.log(values['webhook-url'] === undefined ? 'Webhooks: queued (no --webhook-url)' : `Webhooks: POST ${values['webhook-url']}`);
  return sandbox;
}

// Run directly (once compiled to JS, or through a TS loader): serve until interrupted.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (sandbox) => {
      const stop = (): void => {
        void sandbox.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
