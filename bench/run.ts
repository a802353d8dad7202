/**
 * `npm run bench`: every figure of issue 9 in one run, printed as one Markdown table with the
 * baselines beside the kit's figures, and written to bench/results.json. Offline.
 *
 * Options (environment): BENCH_N (requests per route, default 2000), BENCH_MOUNTS (render
 * mounts, default 200), BENCH_SKIP (comma list of bundle,calls,overhead,render).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCallsPerConversion } from './calls-per-conversion';
import type { CallsResult } from './calls-per-conversion';
import { runHandlerOverhead } from './handler-overhead';
import type { OverheadResult } from './handler-overhead';
import { checkBudgets, explainBudget, kb } from './lib/budgets';
import type { BudgetCheck } from './lib/budgets';
import { kitTargets, measureTargets, referenceTargets, REPO_ROOT, shortModuleId } from './lib/bundle';
import type { BundleMeasurement } from './lib/bundle';
import type { AcceptTrip, RenderFigures } from './render/scenarios';

const N = Number(process.env['BENCH_N'] ?? '2000');
const MOUNTS = Number(process.env['BENCH_MOUNTS'] ?? '200');
const SKIP = new Set((process.env['BENCH_SKIP'] ?? '').split(',').filter(Boolean));

interface RenderRun {
  renders: RenderFigures;
  acceptTrip: AcceptTrip | null;
}

/** Runs bench/render/child.ts in its own process (jsdom globals; React's build picked by NODE_ENV). */
function runRenderChild(mode: 'development' | 'production', mounts: number, withAccept: boolean): Promise<RenderRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'upsell-kit-render-'));
  const out = path.join(dir, 'render.json');
  const args = ['--import', 'tsx', path.join(REPO_ROOT, 'bench', 'render', 'child.ts'), String(mounts), out, ...(withAccept ? ['--accept'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: mode }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`render child (${mode}) exited ${code}: ${stderr.slice(-2000)}`);
        resolve(JSON.parse(readFileSync(out, 'utf8')) as RenderRun);
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function timed<T>(label: string, run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  say(`▶ ${label}`);
  const t0 = Date.now();
  const value = await run();
  const seconds = Math.round((Date.now() - t0) / 100) / 10;
  say(`  done in ${seconds} s`);
  return { value, seconds };
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;
const sizeCell = (entry: BundleMeasurement | undefined): string => (entry ? `${kb(entry.gzip)} gz · ${kb(entry.brotli)} br` : 'n/a');
const status = (ok: boolean | null): string => (ok === null ? 'info' : ok ? '✅ met' : '❌ not met');

function buildTable(bundle: BundleMeasurement[] | null, budgets: BudgetCheck[], calls: CallsResult | null, overhead: OverheadResult | null, dev: RenderRun | null, prod: RenderRun | null): string {
  const rows: string[][] = [];
  const section = (title: string): void => {
    rows.push([`**${title}**`, '', '', '', '']);
  };
  if (bundle) {
    section('Bundle size (minified ESM; react, react-dom, Radix external)');
    const by = (id: string) => bundle.find((entry) => entry.id === id);
    const checkFor = (id: string) => budgets.find((check) => check.target === id);
    const budgetCell = (id: string): [string, string] => {
      const check = checkFor(id);
      if (!check) return ['—', status(null)];
      return [check.label.replace(/^.*?≤/, '≤'), check.ok ? '✅ within' : `❌ over by ${kb(check.overBy)}`];
    };
    const checkout = by('ref:dodopayments-checkout');
    const stripe = by('ref:@stripe/react-stripe-js');
    rows.push(['all client (`upsell-kit`)', sizeCell(by('client')), `dodopayments-checkout: ${sizeCell(checkout)}`, ...budgetCell('client')]);
    rows.push(['hooks only (provider + hooks + http adapter)', sizeCell(by('hooks')), `@stripe/react-stripe-js: ${sizeCell(stripe)}`, ...budgetCell('hooks')]);
    for (const entry of bundle.filter((candidate) => candidate.id.startsWith('component:'))) rows.push([`${entry.id.slice('component:'.length)} alone`, sizeCell(entry), '', '—', status(null)]);
    rows.push(['`styles.css`', sizeCell(by('css')), '', ...budgetCell('css')]);
    rows.push(['`upsell-kit/memory` (dev/test only)', sizeCell(by('memory')), '', '—', status(null)]);
    const leaked = bundle.filter((entry) => entry.client && entry.dodopaymentsModules.length > 0);
    rows.push(['`dodopayments` modules in client entries', String(bundle.filter((entry) => entry.client).reduce((sum, entry) => sum + entry.dodopaymentsModules.length, 0)), '', '0', status(leaked.length === 0)]);
  }
  if (calls) {
    section('Dodo API calls per shown-and-accepted upsell (sandbox request log)');
    const guide = calls.guide.dodoCalls;
    for (const entry of calls.kit) {
      const warm = entry.name.includes('warm');
      rows.push([entry.name.replace(/^kit, /, ''), String(entry.dodoCalls), `guide Express example: ${guide}`, warm ? '≤ 2' : '—', warm ? status(entry.dodoCalls <= 2) : status(null)]);
    }
  }
  if (dev?.acceptTrip || calls) {
    section('Browser round trips per accept');
    const trip = dev?.acceptTrip;
    const kitCell = trip ? `${trip.blocking} (+${trip.background} fire-and-forget \`POST /events\`)` : String(calls?.kit[0]?.acceptRoundTrips ?? 'n/a');
    rows.push(['accept step, through `UpsellModal` + `createHttpAdapter`', kitCell, `guide: ${calls?.guide.acceptRoundTrips ?? 1} (answer says only "session created")`, '1', status(trip ? trip.blocking <= 1 : null)]);
  }
  if (overhead) {
    section(`Handler overhead (N = ${overhead.n} per route, one client, interleaved blocks; in-process sandbox)`);
    const r = overhead.routes;
    const cmp = (kit: string) => overhead.comparisons.find((entry) => entry.kit === kit);
    const latencyRow = (label: string, kit: keyof OverheadResult['routes'], bare: keyof OverheadResult['routes'], goal: boolean) => {
      const c = cmp(kit);
      const okP50 = c ? c.p50Ratio <= 1.2 : false;
      const okP99 = c ? c.p99AddedMs < 2 : false;
      rows.push([
        label,
        `p50 ${ms(r[kit].latency.p50)} · p99 ${ms(r[kit].latency.p99)}`,
        `bare: p50 ${ms(r[bare].latency.p50)} · p99 ${ms(r[bare].latency.p99)}`,
        goal ? 'p50 ≤ 1.2× · p99 +< 2 ms' : '—',
        c ? `${c.p50Ratio.toFixed(2)}× · p99 ${c.p99AddedMs >= 0 ? '+' : ''}${c.p99AddedMs.toFixed(2)} ms ${goal ? (okP50 && okP99 ? '✅' : okP50 ? '⚠️ p99' : '❌') : ''}` : 'n/a',
      ]);
    };
    latencyRow('`GET /offers` vs bare `retrievePaymentMethods`', 'kit_offers', 'bare_payment_methods', true);
    latencyRow('`POST /purchases` (answer at once) vs bare `checkoutSessions.create`', 'kit_purchase_at_once', 'bare_purchase', true);
    latencyRow('`POST /purchases` (default: waits for the webhook, answer final)', 'kit_purchase_settled', 'bare_purchase', false);
    const tp = (kit: keyof OverheadResult['routes'], bare: keyof OverheadResult['routes'], label: string) =>
      rows.push([label, `${r[kit].throughput} req/s`, `bare: ${r[bare].throughput} req/s`, '—', `${(r[kit].throughput / r[bare].throughput).toFixed(2)}×`]);
    tp('kit_offers', 'bare_payment_methods', `throughput, ${overhead.concurrency} clients: \`GET /offers\``);
    tp('kit_purchase_at_once', 'bare_purchase', `throughput, ${overhead.concurrency} clients: \`POST /purchases\` (at once)`);
    tp('kit_purchase_settled', 'bare_purchase', `throughput, ${overhead.concurrency} clients: \`POST /purchases\` (default)`);
  }
  if (dev) {
    section(`Render cost (\`UpsellModal\` in \`UpsellProvider\`, memory adapter \`happyPath\`, jsdom, ${dev.renders.mounts} mounts)`);
    rows.push(['React commits per mount (median, until quiet)', String(dev.renders.medianCommits), '', '—', status(null)]);
    rows.push(['commits from data arrival to interactive', String(dev.renders.medianCommitsArrivalToInteractive), '', '1', status(dev.renders.medianCommitsArrivalToInteractive === 1)]);
    rows.push(['time per mount to interactive (median · p90)', `dev ${ms(dev.renders.medianMountMs)} · ${ms(dev.renders.p90MountMs)}${prod ? `; prod ${ms(prod.renders.medianMountMs)} · ${ms(prod.renders.p90MountMs)}` : ''}`, '', '—', status(null)]);
  }
  const header = ['Measure', 'upsell-kit', 'Baseline', 'Goal / budget', 'Status'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const load0 = os.loadavg();
  say(`upsell-kit bench: N = ${N}, mounts = ${MOUNTS}, ${os.cpus().length} CPUs, load ${load0.map((value) => value.toFixed(1)).join(' ')}`);

  const bundle = SKIP.has('bundle') ? null : await timed('bundle sizes (Vite library builds)', () => measureTargets([...kitTargets(), ...referenceTargets()]));
  const budgets = bundle ? checkBudgets(bundle.value) : [];
  const calls = SKIP.has('calls') ? null : await timed('Dodo calls per conversion (guide Express example vs kit)', () => runCallsPerConversion());
  const overhead = SKIP.has('overhead') ? null : await timed(`handler overhead (${N} requests per route)`, () => runHandlerOverhead({ n: N, warmup: Math.min(200, N), log: say }));
  const dev = SKIP.has('render') ? null : await timed(`render cost, development build (${MOUNTS} mounts) + accept round trips`, () => runRenderChild('development', MOUNTS, true));
  const prod = SKIP.has('render') ? null : await timed(`render cost, production build (${MOUNTS} mounts)`, () => runRenderChild('production', MOUNTS, false));

  const table = buildTable(bundle?.value ?? null, budgets, calls?.value ?? null, overhead?.value ?? null, dev?.value ?? null, prod?.value ?? null);
  const load1 = os.loadavg();
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadavgStart: load0,
    loadavgEnd: load1,
    elapsedSeconds: Math.round((Date.now() - started) / 1000),
    phaseSeconds: { bundle: bundle?.seconds, calls: calls?.seconds, overhead: overhead?.seconds, renderDev: dev?.seconds, renderProd: prod?.seconds },
    bundle: bundle?.value.map((entry) => ({
      ...entry,
      modules: entry.modules.map((module) => ({ id: shortModuleId(module.id), renderedBytes: module.renderedBytes })),
      dodopaymentsModules: entry.dodopaymentsModules.map(shortModuleId),
    })),
    budgets,
    calls: calls?.value,
    overhead: overhead?.value,
    render: { development: dev?.value, production: prod?.value },
    table,
  };
  writeFileSync(path.join(REPO_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  process.stdout.write(`\n${table}\n\n`);
  for (const check of budgets.filter((entry) => !entry.ok)) process.stdout.write(`${explainBudget(check)}\n\n`);
  if (dev) process.stdout.write(`UpsellModal commit trail (first mount):\n${dev.value.renders.trail.map((line) => `  ${line}`).join('\n')}\n\n`);
  process.stdout.write(
    `Machine: ${os.cpus().length} CPUs, load average ${load0[0]?.toFixed(1)} at start, ${load1[0]?.toFixed(1)} at end; ${results.elapsedSeconds} s in all. Wrote bench/results.json.\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
