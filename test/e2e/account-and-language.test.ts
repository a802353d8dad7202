/**
 * The Account page's plan changes with the kit's `UpgradePreview` (an upgrade charged today, a
 * downgrade that leaves a subscription credit, an upgrade the bank must confirm), and the shop in Hindi with money written by
 * `Intl` for the `hi-IN` locale.
 */
import { describe, it } from 'vitest';
import { STORY_TIMEOUT_MS, useDemoWorld } from './support/e2e';
import { intlMoney, productCard, signIn } from './support/shopper';

const world = useDemoWorld(import.meta.url);

// Three customers, three browser contexts: the stories run side by side.
describe.concurrent('the account page, and the shop in Hindi', () => {
  it('Alice upgrades from Basic to Pro, then downgrades to Plus and sees the credit she gets', async ({ expect }) => {
    const { context, page } = await world.open();
    try {
      await signIn(page, 'Alice Sharma');
      await page.getByRole('navigation').getByRole('link', { name: 'Account' }).click();
      const plan = page.getByRole('region', { name: 'Basic plan' });
      await plan.getByRole('radio', { name: /Pro plan/ }).check();
      await plan.getByText('You will be charged $50.00 today.').waitFor();
      await world.screenshot(page, 'upgrade-preview');
      await plan.getByRole('button', { name: 'Confirm upgrade' }).click();
      // The section is re-headed with her new plan as soon as the account reloads.
      const pro = page.getByRole('region', { name: 'Pro plan' });
      await pro.getByText('You are now on Pro plan.').waitFor();
      await world.screenshot(page, 'upgraded');
      expect(world.sandbox.state.subscriptions.get('sub_alice_basic')?.product_id).toBe('prod_pro_monthly');

      await pro.getByRole('button', { name: 'Change plan again' }).click();
      await pro.getByRole('radio', { name: /Plus plan/ }).check();
      const credit = 'You get a $30.00 credit on this subscription. It is applied automatically to your next renewals.';
      await pro.getByText(credit).waitFor();
      await world.screenshot(page, 'downgrade-preview');
      await pro.getByRole('button', { name: 'Confirm downgrade' }).click();
      await page.getByRole('region', { name: 'Plus plan' }).getByText('You are now on Plus plan.').waitFor();
      await world.screenshot(page, 'downgraded');

      const subscription = world.sandbox.state.subscriptions.get('sub_alice_basic');
      expect(subscription?.product_id).toBe('prod_plus_monthly');
      expect(subscription?.credit_balance).toBe(3000);
      // Her own change-plan calls (Erin's story runs alongside in the same sandbox).
      const changes = world.sandbox.callLog().filter((call) => call.route === 'POST /subscriptions/:id/change-plan' && call.path.includes('sub_alice_basic'));
      expect(changes).toHaveLength(2);
    } finally {
      await context.close();
    }
  }, STORY_TIMEOUT_MS);

  it('Erin’s upgrade needs her bank: she confirms in a new window, and the account page shows her new plan without a reload', async ({ expect }) => {
    const { context, page } = await world.open();
    try {
      await signIn(page, 'Erin Rao');
      await page.getByRole('navigation').getByRole('link', { name: 'Account' }).click();
      const plan = page.getByRole('region', { name: 'Basic plan' });
      await plan.getByRole('radio', { name: /Pro plan/ }).check();
      await plan.getByText('You will be charged $50.00 today.').waitFor();
      await plan.getByRole('button', { name: 'Confirm upgrade' }).click();
      await plan.getByText('Your bank needs you to confirm this payment.').waitFor();

      const [bank] = await Promise.all([context.waitForEvent('page'), plan.getByRole('button', { name: /Confirm with your bank/ }).click()]);
      await bank.getByRole('heading', { name: '3-D Secure authentication' }).waitFor();
      await bank.getByText('$50.00').waitFor();
      await bank.getByRole('button', { name: 'Complete authentication' }).click();
      await world.screenshot(page, 'plan-change-waits-for-bank');

      // The account page polls the change (replaying its key) and shows how it ended.
      await page.getByRole('region', { name: 'Pro plan' }).getByText('You are now on Pro plan.').waitFor();
      await world.screenshot(page, 'plan-change-confirmed-by-bank');
      expect(world.sandbox.state.subscriptions.get('sub_erin_basic')?.product_id).toBe('prod_pro_monthly');
      const charges = world.sandbox.charges({ customerId: 'cus_erin' });
      expect(charges.map((payment) => [payment.total_amount, payment.payment_method_id])).toEqual([[5000, 'pm_mc_3ds_3155']]);
    } finally {
      await context.close();
    }
  }, STORY_TIMEOUT_MS);

  it('switching to हिन्दी shows Hindi text, rupees and dollars written for hi-IN, in light and dark', async ({ expect }) => {
    const { context, page } = await world.open();
    try {
      await signIn(page, 'Priya Nair');
      await page.getByRole('combobox', { name: 'Language' }).selectOption('hi');
      await page.getByRole('heading', { level: 1, name: 'दुकान' }).waitFor();
      await page.getByRole('navigation', { name: 'मुख्य' }).getByRole('link', { name: 'खाता' }).waitFor();

      // Money through Intl for hi-IN: the course in rupees, the others in dollars.
      const rupees = intlMoney(1999, 'INR', 'hi-IN');
      expect(rupees).toContain('₹');
      await productCard(page, 'Course in Hindi').getByText(rupees, { exact: true }).waitFor();
      await productCard(page, 'Starter course').getByText(intlMoney(49, 'USD', 'hi-IN'), { exact: true }).waitFor();
      await world.screenshot(page, 'hindi-shop');

      // The kit's own components speak Hindi too: a cross-sell in the cart.
      await page.getByRole('link', { name: 'कार्ट' }).click();
      await page.getByRole('heading', { level: 1, name: 'आपका कार्ट' }).waitFor();
      const support = page.getByRole('article', { name: 'Priority support' });
      await support.getByText(intlMoney(19, 'USD', 'hi-IN'), { exact: true }).waitFor();
      // Priya's RuPay card pays rupees only, so this dollar add-on goes through checkout.
      await support.getByRole('button', { name: 'चेकआउट पर जोड़ें' }).waitFor();

      await page.getByRole('button', { name: 'डार्क मोड' }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.ukTheme)).toBe('dark');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('hi');
      await world.screenshot(page, 'hindi-cart-dark');
    } finally {
      await context.close();
    }
  }, STORY_TIMEOUT_MS);
});
