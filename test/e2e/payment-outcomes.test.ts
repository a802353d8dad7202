/**
 * When the one-click charge is not simply approved: the bank asks for 3-D Secure (the customer
 * confirms in a new window while the offer waits), or the saved card is declined (the customer
 * pays through a normal checkout instead, and the declined card is never tried again).
 */
import { describe, it } from 'vitest';
import { STORY_TIMEOUT_MS, useDemoWorld } from './support/e2e';
import { offerDialog, payOnHostedCheckout, productCard, signIn, startCheckout, waitForThankYou } from './support/shopper';

const world = useDemoWorld(import.meta.url);

// Two customers, two browser contexts: the stories run side by side.
describe.concurrent('charges that need the customer', () => {
  it('Erin confirms the upsell with her bank in a new window, and the offer shows it succeeded', async ({ expect }) => {
    const { context, page } = await world.open();
    try {
      await signIn(page, 'Erin Rao');
      await startCheckout(page, 'Starter course');
      // Her only card asks for 3-D Secure on the hosted checkout too.
      await payOnHostedCheckout(page, /3155/);
      await page.getByRole('heading', { name: '3-D Secure authentication' }).waitFor();
      await page.getByRole('button', { name: 'Complete authentication' }).click();
      await waitForThankYou(page);

      const offer = offerDialog(page, 'Upgrade your order');
      await offer.getByText('Mastercard •• 3155', { exact: false }).first().waitFor();
      await offer.getByRole('button', { name: 'Add to my order' }).click();
      await offer.getByText('Your bank needs you to confirm this payment.').waitFor();
      await world.screenshot(page, '3ds-required');

      const [bank] = await Promise.all([context.waitForEvent('page'), offer.getByRole('button', { name: /Confirm with your bank/ }).click()]);
      await bank.getByRole('heading', { name: '3-D Secure authentication' }).waitFor();
      await bank.getByText('$149.00').waitFor();
      await world.screenshot(bank, '3ds-bank-page');
      await bank.getByRole('button', { name: 'Complete authentication' }).click();
      // Dodo sends the bank window back to the shop, which confirms the payment there.
      await bank.getByRole('heading', { level: 1, name: 'Payment confirmed' }).waitFor();
      await world.screenshot(bank, '3ds-bank-returned');

      // Meanwhile the offer polls the purchase and shows the outcome.
      await offer.getByText('Done! Complete bundle has been added to your order.').waitFor({ timeout: 40_000 });
      await world.screenshot(page, '3ds-succeeded');
      const charges = world.sandbox.charges({ productId: 'prod_complete_bundle' });
      expect(charges).toHaveLength(1);
      expect(charges[0]).toMatchObject({ payment_method_id: 'pm_mc_3ds_3155', customer: { customer_id: 'cus_erin' } });
    } finally {
      await context.close();
    }
  }, STORY_TIMEOUT_MS);

  it('Bob’s saved card is declined for a cross-sell, so he adds it through a normal checkout instead', async ({ expect }) => {
    const { context, page } = await world.open();
    try {
      await signIn(page, 'Bob Iyer');
      await productCard(page, 'Single license').getByRole('button', { name: 'Add to cart' }).click();
      await page.getByRole('link', { name: /^Cart/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();

      const card = page.getByRole('article', { name: 'Priority support' });
      await card.getByRole('button', { name: 'Add for $19' }).click();
      await card.getByText('Your bank declined the charge. You can pay another way instead.').waitFor();
      await world.screenshot(page, 'declined');

      await card.getByRole('button', { name: 'Add at checkout' }).click();
      await page.waitForURL(/\/sandbox\/checkout\//);
      await page.getByText('Priority support × 1').waitFor();
      await world.screenshot(page, 'fallback-checkout');
      await payOnHostedCheckout(page, /A new card/);
      await page.waitForURL(/\/thank-you\?.*from=offer/);
      await page.getByRole('heading', { level: 1, name: 'Payment confirmed' }).waitFor();
      await world.screenshot(page, 'paid-by-checkout');

      const attempts = world.sandbox.payments().filter((payment) => (payment.product_cart ?? []).some((line) => line.product_id === 'prod_priority_support'));
      // One declined try on the saved card (never repeated), then one paid checkout with the new card.
      expect(attempts.map((payment) => [payment.status, payment.payment_method_id])).toEqual([
        ['failed', 'pm_visa_declined_0002'],
        ['succeeded', expect.not.stringMatching(/^pm_visa_declined_0002$/)],
      ]);
    } finally {
      await context.close();
    }
  }, STORY_TIMEOUT_MS);
});
