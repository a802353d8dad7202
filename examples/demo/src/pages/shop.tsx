/** The shop: buy a plan, a course or a license through Dodo's normal hosted checkout. */
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { checkout } from '../api';
import type { ShopProduct } from '../api';
import { addToCart } from '../cart';
import { usePriceFormat } from '../format';
import { useText } from '../i18n';
import { useApi } from '../use-api';
import { Page } from './page';

function ProductCard({ product, onBuy, onAdd, busy }: { product: ShopProduct; onBuy: () => void; onAdd: () => void; busy: boolean }): ReactNode {
  const { t } = useText();
  const { price } = usePriceFormat();
  const headingId = useId();
  return (
    <article className="demo-card demo-product" aria-labelledby={headingId}>
      <h2 id={headingId}>{product.name}</h2>
      {product.description && <p className="demo-muted">{product.description}</p>}
      <p className="demo-price">{price(product.price, product.interval)}</p>
      <div className="demo-actions">
        <button type="button" className="uk-button" data-variant="primary" aria-disabled={busy || undefined} onClick={busy ? undefined : onBuy}>
          {t('buyNow')}
        </button>
        <button type="button" className="uk-button" data-variant="secondary" onClick={onAdd}>
          {t('addToCart')}
        </button>
      </div>
    </article>
  );
}

export function ShopPage(): ReactNode {
  const { t } = useText();
  const products = useApi<{ products: ShopProduct[] }>('/products');
  const [status, setStatus] = useState<{ text: string; tone: 'neutral' | 'danger' } | null>(null);
  const [busy, setBusy] = useState(false);

  const buy = (product: ShopProduct): void => {
    setBusy(true);
    setStatus({ text: t('redirecting'), tone: 'neutral' });
    checkout([{ productId: product.id, quantity: 1 }]).catch((error: unknown) => {
      setBusy(false);
      setStatus({ text: error instanceof Error ? error.message : t('genericError'), tone: 'danger' });
    });
  };

  return (
    <Page title={t('shopTitle')}>
      <p>{t('shopIntro')}</p>
      {products.loading && <p role="status">{t('loading')}</p>}
      {products.error && <p role="alert">{t('genericError')}</p>}
      {products.data && (
        <ul className="demo-grid">
          {products.data.products.map((product) => (
            <li key={product.id}>
              <ProductCard
                product={product}
                busy={busy}
                onBuy={() => buy(product)}
                onAdd={() => {
                  addToCart(product.id);
                  setStatus({ text: t('addedToCart', { product: product.name }), tone: 'neutral' });
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <p role="status" className={status?.tone === 'danger' ? 'demo-error' : undefined}>
        {status?.text ?? ''}
      </p>
    </Page>
  );
}
