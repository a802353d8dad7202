/**
 * What a shopper does in the demo, in the words of the page: sign in, buy through Dodo's
 * hosted checkout, answer the bank. Every step waits for what the customer would see.
 */
import type { Page } from 'playwright-core';
import type { DodoSandbox } from '../../../src/sandbox/index';

/** Signs in as `name` (one of the sandbox's customers) from the sign-in page. */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Shop' }).waitFor();
}

/** The product's card on the shop page. */
export function productCard(page: Page, product: string) {
  return page.getByRole('article', { name: product });
}

/** On the shop page: "Buy now" on `product`, then waits for Dodo's hosted checkout page. */
export async function startCheckout(page: Page, product: string): Promise<void> {
  await productCard(page, product).getByRole('button', { name: 'Buy now' }).click();
  await page.waitForURL(/\/sandbox\/checkout\//);
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();
}

/** On the hosted checkout page: picks a way to pay (a label such as /New card/ or /3155/) and pays. */
export async function payOnHostedCheckout(page: Page, payWith?: RegExp): Promise<void> {
  if (payWith) await page.getByRole('radio', { name: payWith }).check();
  await page.getByRole('button', { name: /^Pay / }).click();
}

/** Waits until the shop's thank-you page is back from Dodo. */
export async function waitForThankYou(page: Page): Promise<void> {
  await page.waitForURL(/\/thank-you\?/);
}

/** The kit's offer dialog, by its title. */
export function offerDialog(page: Page, title: string | RegExp) {
  return page.getByRole('dialog', { name: title });
}

/**
 * Requests to the sandbox that could move money for `productId` without the customer paying on a
 * page: checkout sessions with `confirm` and payments with a saved card whose cart holds it.
 */
export function chargeAttempts(sandbox: DodoSandbox, productId: string): number {
  return sandbox.callLog().filter((call) => {
    const body = call.body as { confirm?: unknown; payment_method_id?: unknown; product_cart?: Array<{ product_id?: unknown }> } | undefined;
    const forProduct = (body?.product_cart ?? []).some((line) => line.product_id === productId);
    if (call.route === 'POST /checkouts') return forProduct && body?.confirm === true;
    if (call.route === 'POST /payments') return forProduct && typeof body?.payment_method_id === 'string';
    return false;
  }).length;
}

/** `amount` in `currency` as `Intl` writes it in `locale` (what the page should show). */
export function intlMoney(amount: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}
