import type { SandboxBilling } from './billing';
import { escapeHtml } from './http-io';
import type { Currency } from './sdk-types';
import type { RouteDefinition } from './router';

function money(minor: number, currency: Currency): string {
  // Every catalogue currency (USD, INR) has two decimals.
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);
}

/** A minimal, accessible HTML page. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Dodo sandbox</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem;margin:.25rem 0}fieldset{border:1px solid #ccc;margin:1rem 0}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

/** The hosted checkout page and the 3-D Secure page a real Dodo would show the customer. */
export function hostedPageRoutes(billing: SandboxBilling): RouteDefinition[] {
  const { store } = billing;
  return [
    {
      method: 'GET',
      pattern: '/sandbox/checkout/:id',
      audience: 'browser',
      handle: (ctx) => {
        const session = store.session(ctx.param('id'));
        const cart = billing.priceCart(session.product_cart, { oneTimeOnly: false });
        const customer = session.customer_id === null ? null : store.customer(session.customer_id);
        const cards = customer ? billing.usableCardsOnSession(customer, cart.currency) : [];
        const lines = cart.lines
          .map((line) => `<li>${escapeHtml(line.product.name)} × ${line.quantity}: ${money(line.product.price * line.quantity, cart.currency)}</li>`)
          .join('');
        const options = [
          ...cards.map(
            (card, i) =>
              `<label><input type="radio" name="payment_method" value="${escapeHtml(card.payment_method_id)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(card.card_network)} •• ${escapeHtml(card.last4_digits)} (expires ${escapeHtml(card.expiry_month)}/${escapeHtml(card.expiry_year)})</label><br>`,
          ),
          `<label><input type="radio" name="payment_method" value="new"${cards.length === 0 ? ' checked' : ''}> A new card (Visa •• 4242)</label>`,
        ].join('\n');
        const body = `<ul>${lines}</ul>
<p>Total: <strong>${money(cart.total, cart.currency)}</strong></p>
<form method="post" action="/sandbox/checkout/${encodeURIComponent(session.session_id)}">
<fieldset><legend>Pay with</legend>
${options}
</fieldset>
<button type="submit">Pay ${money(cart.total, cart.currency)}</button>
</form>`;
        return { kind: 'html', status: 200, body: page('Checkout', body) };
      },
    },
    {
      method: 'POST',
      pattern: '/sandbox/checkout/:id',
      audience: 'browser',
      handle: (ctx) => {
        const payment = billing.payHostedSession(ctx.param('id'), ctx.form.get('payment_method'), ctx.events);
        if (payment.status === 'requires_customer_action') return { kind: 'redirect', location: billing.actionUrl(payment.payment_id) };
        return { kind: 'redirect', location: billing.redirectAfter(payment) };
      },
    },
    {
      method: 'GET',
      pattern: '/sandbox/action/:id',
      audience: 'browser',
      handle: (ctx) => {
        const payment = store.payment(ctx.param('id'));
        if (payment.status !== 'requires_customer_action') return { kind: 'redirect', location: billing.redirectAfter(payment) };
        const action = `/sandbox/action/${encodeURIComponent(payment.payment_id)}`;
        const body = `<p>Your bank asks you to confirm a payment of <strong>${money(payment.total_amount, payment.currency)}</strong>
with ${escapeHtml(payment.card_network ?? 'your card')} •• ${escapeHtml(payment.card_last_four ?? '????')}.</p>
<form method="post" action="${action}"><input type="hidden" name="outcome" value="succeeded"><button type="submit">Complete authentication</button></form>
<form method="post" action="${action}"><input type="hidden" name="outcome" value="failed"><button type="submit">Fail authentication</button></form>`;
        return { kind: 'html', status: 200, body: page('3-D Secure authentication', body) };
      },
    },
    {
      method: 'POST',
      pattern: '/sandbox/action/:id',
      audience: 'browser',
      handle: (ctx) => {
        const outcome = ctx.form.get('outcome') === 'failed' ? 'failed' : 'succeeded';
        const payment = billing.completeAction(ctx.param('id'), outcome, ctx.events);
        return { kind: 'redirect', location: billing.redirectAfter(payment) };
      },
    },
    {
      method: 'GET',
      pattern: '/sandbox/done/:id',
      audience: 'browser',
      handle: (ctx) => {
        const payment = store.payment(ctx.param('id'));
        const text = payment.status === 'succeeded' ? 'Payment succeeded.' : `Payment ${escapeHtml(payment.status ?? 'unknown')}.`;
        return { kind: 'html', status: 200, body: page('Payment result', `<p role="status">${text}</p><p>Payment id: <code>${escapeHtml(payment.payment_id)}</code></p>`) };
      },
    },
  ];
}
