import { describe, expect, it } from 'vitest';
import { main } from '../../src/sandbox/cli';
import { CUS_ALICE } from '../../src/sandbox';
import { sdk } from './helpers';

describe('sandbox CLI', () => {
  it('starts on the requested port, prints the URL and serves the SDK', async () => {
    const lines: string[] = [];
    const sandbox = await main(['--port', '0', '--webhook-url', 'http://127.0.0.1:9/hook'], { log: (line) => lines.push(line) });
    try {
      expect(lines[0]).toBe(`Dodo sandbox listening on ${sandbox.url}`);
      expect(lines.join('\n')).toContain('http://127.0.0.1:9/hook');
      await expect(sdk(sandbox).customers.retrieve(CUS_ALICE)).resolves.toMatchObject({ customer_id: CUS_ALICE });
    } finally {
      await sandbox.close();
    }
  });

  it('rejects a bad port and unknown flags', async () => {
    await expect(main(['--port', 'eighty'], { log: () => undefined })).rejects.toThrow(/--port/);
    await expect(main(['--bogus'], { log: () => undefined })).rejects.toThrow();
  });
});
