/**
 * Dodo's SDK sends no idempotency key, so an impatient customer is the kit's problem: a
 * double-click on "Add to my order", then a reload while the charge is still on its way, must
 * still charge the card exactly once, and the page must not offer the same thing again.
 */
import { describe, it } from 'vitest';
import { STORY_TIMEOUT_MS, useDemoWorld } from './support/e2e';
import { chargeAttempts, offerDialog, payOnHostedCheckout, signIn, startCheckout, waitForThankYou } from './support/shopper';

const world = useDemoWorld(import.meta.url);

describe('one intent, one charge', () => {
  it('Alice double-clicks "Add to my order" and reloads the page mid-charge: she is charged once', async ({ expect }) => {
    const { context, page } = await world.open();
    try {
      await signIn(page, 'Alice Sharma');
      await startCheckout(page, 'Starter course');
      await payOnHostedCheckout(page);
      await waitForThankYou(page);
      const offer = offerDialog(page, 'Upgrade your order');
      const accept = offer.getByRole('button', { name: 'Add to my order' });
      await accept.waitFor();

      let purchaseRequests = 0;
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/upsell/purchases') purchaseRequests += 1;
      });
      // Dodo is slow today: the one-click charge takes a few seconds to answer.
      world.sandbox.faults.inject({ route: 'POST /checkouts', kind: 'latency', ms: 2_000 });

      await accept.dblclick();
      await offer.getByRole('button', { name: 'Adding…' }).waitFor();
      await world.screenshot(page, 'double-clicked');
      // The charge has reached Dodo and has not been answered yet: now she reloads.
      await expect.poll(() => chargeAttempts(world.sandbox, 'prod_complete_bundle'), { timeout: 10_000 }).toBe(1);
      expect(world.sandbox.charges({ productId: 'prod_complete_bundle' })).toHaveLength(0);
      await page.reload();

      // The bundle is not offered again; the next offer in line is.
      const next = offerDialog(page, 'Goes well with your order');
      await next.getByText('Priority support', { exact: true }).waitFor();
      expect(await page.getByText('Complete bundle', { exact: true }).count()).toBe(0);
      await world.screenshot(page, 'after-reload');

      await expect.poll(() => world.sandbox.charges({ productId: 'prod_complete_bundle' }).length, { timeout: 10_000 }).toBe(1);
      await world.sandbox.webhooks.flush();
      expect(purchaseRequests).toBe(1);
      expect(chargeAttempts(world.sandbox, 'prod_complete_bundle')).toBe(1);
      expect(world.sandbox.charges({ productId: 'prod_complete_bundle' })).toHaveLength(1);

      // Her account lists the bundle once.
      await next.getByRole('button', { name: 'No thanks' }).click();
      await next.waitFor({ state: 'hidden' });
      await page.getByRole('navigation').getByRole('link', { name: 'Account' }).click();
      const orders = page.getByRole('table');
      await orders.getByRole('cell', { name: 'Complete bundle' }).waitFor();
      expect(await orders.getByRole('cell', { name: 'Complete bundle' }).count()).toBe(1);
      expect(await orders.getByRole('cell', { name: 'Starter course' }).count()).toBe(1);
      await world.screenshot(page, 'account-orders');
    } finally {
      await context.close();
    }
  }, STORY_TIMEOUT_MS);
});
