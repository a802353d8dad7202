/**
 * The cart: its lines, a normal checkout, and the kit's `CrossSellCard`s (placement `checkout`):
 * one click on a saved card, or the checkout fallback when there is none or the charge fails.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { addMoney, CrossSellCard, zeroMoney } from '../kit';
import type { Money } from '../kit';
import { checkout } from '../api';
import type { ShopProduct } from '../api';
import { setCartQuantity, useCart } from '../cart';
import { usePriceFormat } from '../format';
import { useText } from '../i18n';
import { useApi } from '../use-api';
import { Page } from './page';

export function CartPage(): ReactNode {
  const { t } = useText();
  const { price } = usePriceFormat();
  const cart = useCart();
  const catalog = useApi<{ products: ShopProduct[]; crossSellProductIds: string[] }>('/products');
  const [status, setStatus] = useState<{ text: string; tone: 'neutral' | 'danger' } | null>(null);
  const [busy, setBusy] = useState(false);

  const products = catalog.data?.products ?? [];
  const lines = cart.flatMap((line) => {
    const product = products.find((p) => p.id === line.productId);
    return product ? [{ ...line, product }] : [];
  });
  // Totals per currency: a cart may hold a rupee course next to dollar products.
  const totals = new Map<string, Money>();
  for (const line of lines) {
    const currency = line.product.price.currency;
    const subtotal = { minor: line.product.price.minor * line.quantity, currency };
    totals.set(currency, addMoney(totals.get(currency) ?? zeroMoney(currency), subtotal));
  }

  const payNow = (): void => {
    setBusy(true);
    setStatus({ text: t('redirecting'), tone: 'neutral' });
    checkout(lines.map((line) => ({ productId: line.productId, quantity: line.quantity }))).catch((error: unknown) => {
      setBusy(false);
      setStatus({ text: error instanceof Error ? error.message : t('genericError'), tone: 'danger' });
    });
  };

  return (
    <Page title={t('cartTitle')}>
      {catalog.loading && <p>{t('loading')}</p>}
      {catalog.data && lines.length === 0 && <p>{t('cartEmpty')}</p>}
      {lines.length > 0 && (
        <section className="demo-card" aria-labelledby="cart-lines">
          <h2 id="cart-lines" className="demo-visually-hidden">
            {t('cartTitle')}
          </h2>
          <ul className="demo-lines">
            {lines.map((line) => (
              <li key={line.productId} className="demo-line">
                <span className="demo-line-name">{line.product.name}</span>
                <label className="demo-field">
                  <span>{t('cartQuantity')}</span>
                  <input
                    type="number"
                    min={1}
                    max={10}
                    value={line.quantity}
                    onChange={(event) => {
                      const quantity = Number(event.currentTarget.value);
                      if (Number.isSafeInteger(quantity) && quantity >= 1) setCartQuantity(line.productId, quantity);
                    }}
                  />
                </label>
                <span>{price({ minor: line.product.price.minor * line.quantity, currency: line.product.price.currency }, line.product.interval)}</span>
                <button type="button" className="uk-button" data-variant="link" aria-label={`${t('cartRemove')}: ${line.product.name}`} onClick={() => setCartQuantity(line.productId, 0)}>
                  {t('cartRemove')}
                </button>
              </li>
            ))}
          </ul>
          <p className="demo-total">
            {t('cartTotal')}: {[...totals.values()].map((total) => price(total)).join(' + ')}
          </p>
          <button type="button" className="uk-button" data-variant="primary" aria-disabled={busy || undefined} onClick={busy ? undefined : payNow}>
            {t('cartCheckout')}
          </button>
        </section>
      )}
      <p role="status" className={status?.tone === 'danger' ? 'demo-error' : undefined}>
        {status?.text ?? ''}
      </p>
      {catalog.data && (
        <section aria-labelledby="cross-sells" className="demo-section">
          <h2 id="cross-sells">{t('cartCrossSells')}</h2>
          <div className="demo-grid">
            {catalog.data.crossSellProductIds.map((productId) => (
              <CrossSellCard
                key={productId}
                productId={productId}
                placement="checkout"
                context={lines[0] ? { productId: lines[0].productId } : undefined}
                updateCardUrl="/account#cards"
              />
            ))}
          </div>
        </section>
      )}
    </Page>
  );
}
