/**
 * The "Complete Example: Post-Purchase Upsell Flow" of Dodo's Upsells & Downsells guide
 * (Express + the `dodopayments` SDK), kept line for line so its Dodo calls can be counted
 * against the same sandbox as the kit. It is a baseline, not an example to follow: it trusts
 * the customer id in the URL, does not verify webhook signatures, and has no idempotency.
 *
 * Changes, only where the guide's code cannot run against the real SDK 2.x, each marked ADAPTED:
 * - `retrievePaymentMethods` returns `{ items }`, not an array (the guide reads `methods.length`
 *   and `methods[0]`, which would answer "eligible" with no method and then throw).
 * - A `payment.succeeded` payload has `customer.customer_id` and `product_cart[]`, not the
 *   guide's `customer_id` / `product_id` fields.
 * - A product's currency is `product.price.currency` (the guide reads `product.currency`).
 * - The client takes `baseURL` (the sandbox) instead of `environment: 'live_mode'`: both at once
 *   throw "Ambiguous URL".
 * Every Dodo call the guide makes is made, in the same order, with the same arguments.
 */
import DodoPayments from 'dodopayments';
import express from 'express';
import type { Express } from 'express';

/** Options of {@link createGuideApp}. */
export interface GuideAppOptions {
  /** The sandbox URL (ADAPTED: the guide uses `environment: 'live_mode'`). */
  dodoBaseUrl: string;
  /** `process.env.APP_URL` of the guide. */
  appUrl: string;
}

/** The guide's Express app. */
export function createGuideApp(options: GuideAppOptions): Express {
  const client = new DodoPayments({
    bearerToken: 'sk_test_sandbox',
    baseURL: options.dodoBaseUrl,
  });

  const app = express();

  // Store for tracking upsell eligibility (use your database in production)
  const eligibleUpsells = new Map<string, { customerId: string; productId: string }>();

  // Webhook handler for initial purchase success
  app.post('/webhooks/dodo', express.raw({ type: 'application/json' }), async (req, res) => {
    const event = JSON.parse((req.body as Buffer).toString()) as {
      type: string;
      data: { payment_id: string; customer: { customer_id: string }; product_cart?: Array<{ product_id: string }> | null };
    };

    switch (event.type) {
      case 'payment.succeeded': {
        // Check if customer is eligible for upsell
        const customerId = event.data.customer.customer_id; // ADAPTED: guide reads event.data.customer_id
        const productId = event.data.product_cart?.[0]?.product_id ?? ''; // ADAPTED: guide reads event.data.product_id

        // Define upsell rules (e.g., bought Basic, offer Pro)
        const upsellProduct = getUpsellProduct(productId);

        if (upsellProduct) {
          eligibleUpsells.set(customerId, {
            customerId,
            productId: upsellProduct,
          });
        }
        break;
      }

      case 'payment.failed':
        // Handle failed upsell payment (the guide logs it)
        break;
    }

    res.json({ received: true });
  });

  // API endpoint to check upsell eligibility
  app.get('/api/upsell/:customerId', async (req, res) => {
    const { customerId } = req.params;
    const upsell = eligibleUpsells.get(customerId);

    if (!upsell) {
      res.json({ eligible: false });
      return;
    }

    // Get payment methods
    const methods = await client.customers.retrievePaymentMethods(customerId);

    if (methods.items.length === 0) {
      // ADAPTED: methods.items
      res.json({ eligible: false, reason: 'no_payment_method' });
      return;
    }

    // Get product details for display
    const product = await client.products.retrieve(upsell.productId);

    res.json({
      eligible: true,
      product: {
        id: product.product_id,
        name: product.name,
        price: product.price,
        currency: product.price.currency, // ADAPTED: the SDK's Product has no top-level currency
      },
      paymentMethodId: methods.items[0]?.payment_method_id, // ADAPTED: methods.items
    });
  });

  // API endpoint to accept upsell
  app.post('/api/upsell/:customerId/accept', async (req, res) => {
    const { customerId } = req.params;
    const upsell = eligibleUpsells.get(customerId);

    if (!upsell) {
      res.status(400).json({ error: 'No upsell available' });
      return;
    }

    try {
      const methods = await client.customers.retrievePaymentMethods(customerId);

      // Create one-click purchase
      const session = await client.checkoutSessions.create({
        product_cart: [{ product_id: upsell.productId, quantity: 1 }],
        customer: { customer_id: customerId },
        payment_method_id: methods.items[0]?.payment_method_id ?? '', // ADAPTED: methods.items
        confirm: true,
        return_url: `${options.appUrl}/upsell-success`,
        feature_flags: { redirect_immediately: true },
        metadata: { upsell: 'true', source: 'post_purchase' },
      });

      // Clear the upsell offer
      eligibleUpsells.delete(customerId);

      res.json({ success: true, sessionId: session.session_id });
    } catch {
      res.status(500).json({ error: 'Upsell processing failed' });
    }
  });

  return app;
}

// Helper function to determine upsell product
function getUpsellProduct(purchasedProductId: string): string | null {
  const upsellMap: Record<string, string> = {
    prod_basic_plan: 'prod_pro_plan',
    prod_starter_course: 'prod_complete_bundle',
    prod_single_license: 'prod_team_license',
  };

  return upsellMap[purchasedProductId] || null;
}
