/**
 * The guide's post-purchase journey in the demo shop, in Chromium: a normal checkout on Dodo's
 * hosted page, back to the thank-you page, and the follow-up offer in the kit's `UpsellModal`,
 * bought one-click on the saved card, or declined for its downsell.
 */
import { describe, it } from 'vitest';
import { STORY_TIMEOUT_MS, useDemoWorld } from './support/e2e';
import { chargeAttempts, offerDialog, payOnHostedCheckout, signIn, startCheckout, waitForThankYou } from './support/shopper';

const world = useDemoWorld(import.meta.url);

// Two product lines, two browser contexts: the stories run side by side.
describe.concurrent('after buying, the customer is offered more with one click', () => {
  it('Alice buys the Starter course, then adds the Complete bundle to her order with one click', async ({ expect }) => {
    const { context, page } = await world.open();
    try {
      await signIn(page, 'Alice Sharma');
      await world.screenshot(page, 'shop');

      await startCheckout(page, 'Starter course');
      await world.screenshot(page, 'hosted-checkout');
      await payOnHostedCheckout(page);
      await waitForThankYou(page);
      await page.getByRole('heading', { level: 1, name: 'Thank you for your order!' }).waitFor();

      // The sandbox's payment.succeeded webhook and the verified payment open the follow-up offer.
      const offer = offerDialog(page, 'Upgrade your order');
      await offer.getByText('Complete bundle', { exact: true }).waitFor();
      await offer.getByText('We will charge Visa •• 4242 $149.00 now.', { exact: false }).waitFor();
      await world.screenshot(page, 'bundle-offer');

      await offer.getByRole('button', { name: 'Add to my order' }).click();
      await offer.getByText('Done! Complete bundle has been added to your order.').waitFor();
      await world.screenshot(page, 'bundle-added');

      const bundle = world.sandbox.charges({ productId: 'prod_complete_bundle' });
      expect(bundle).toHaveLength(1);
      expect(bundle[0]).toMatchObject({ total_amount: 14900, currency: 'USD', payment_method_id: 'pm_visa_4242', customer: { customer_id: 'cus_alice' } });
      expect(chargeAttempts(world.sandbox, 'prod_complete_bundle')).toBe(1);

      await offer.getByRole('button', { name: 'Close' }).first().click();
      await offer.waitFor({ state: 'hidden' });
      await page.getByText('Added to your order: Complete bundle.').waitFor();
    } finally {
      await context.close();
    }
  }, STORY_TIMEOUT_MS);

  it('Alice declines the Team license and takes the cheaper Duo license instead', async ({ expect }) => {
    const { context, page } = await world.open();
    try {
      await signIn(page, 'Alice Sharma');
      await startCheckout(page, 'Single license');
      await payOnHostedCheckout(page);
      await waitForThankYou(page);

      const offer = offerDialog(page, 'Upgrade your order');
      await offer.getByText('Team license (5 seats)', { exact: true }).waitFor();
      await world.screenshot(page, 'team-offer');
      await offer.getByRole('button', { name: 'No thanks' }).click();

      const downsell = offerDialog(page, 'How about this instead?');
      await downsell.getByText('Duo license (2 seats)', { exact: true }).waitFor();
      await downsell.getByText('$179.00', { exact: true }).waitFor();
      await world.screenshot(page, 'duo-downsell');
      await downsell.getByRole('button', { name: 'Add to my order' }).click();
      await downsell.getByText('Done! Duo license (2 seats) has been added to your order.').waitFor();
      await world.screenshot(page, 'duo-added');

      expect(world.sandbox.charges({ productId: 'prod_team_license' })).toHaveLength(0);
      expect(world.sandbox.charges({ productId: 'prod_duo_license' })).toHaveLength(1);

      // The shop owner sees the decline and the accepted downsell in the offer statistics.
      await downsell.getByRole('button', { name: 'Close' }).first().click();
      await page.getByRole('navigation').getByRole('link', { name: 'Insights' }).click();
      const table = page.getByRole('table', { name: 'Offer performance' }).first();
      const teamRow = table.getByRole('row', { name: /Single → Team license/ });
      const duoRow = table.getByRole('row', { name: /Single → Duo license/ });
      await teamRow.waitFor();
      expect(await teamRow.getByRole('cell').allTextContents()).toEqual(['1', '0', '1', '0%']);
      expect(await duoRow.getByRole('cell').allTextContents()).toEqual(['1', '1', '0', '100%']);
      await world.screenshot(page, 'insights');
    } finally {
      await context.close();
    }
  }, STORY_TIMEOUT_MS);
});
