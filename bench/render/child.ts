/**
 * Child process of `npm run bench` for the browser-side figures (jsdom has to be the global
 * environment before React loads, and NODE_ENV picks React's build at load time, so each mode
 * runs in its own process). Usage: `tsx bench/render/child.ts <mounts> <out.json> [--accept]`.
 */
import { writeFileSync } from 'node:fs';
import { installDom } from './dom';

installDom();
const mounts = Number(process.argv[2] ?? '200');
const out = process.argv[3];
if (!out) throw new Error('usage: child.ts <mounts> <out.json> [--accept]');
const mode = process.env['NODE_ENV'] === 'production' ? 'production' : 'development';
const { measureAcceptTrip, measureRenders } = await import('./scenarios');
const renders = await measureRenders(mounts, mode);
const acceptTrip = process.argv.includes('--accept') ? await measureAcceptTrip() : null;
writeFileSync(out, JSON.stringify({ renders, acceptTrip }, null, 2));
process.exit(0);
