/**
 * The account: the kit's `UpgradePreview` on each subscription (upgrade, or downgrade with a
 * subscription credit), saved cards through `usePaymentMethods`, and past orders.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { cardBrandName, UpgradePreview, usePaymentMethods } from '../kit';
import type { ProrationMode, UpgradePreviewOutcome } from '../kit';
import type { ShopOrder, ShopSubscription } from '../api';
import { useKitText, usePriceFormat } from '../format';
import { useText } from '../i18n';
import { useApi } from '../use-api';
import { Page } from './page';

/** Dodo's modes; "difference" is the guide's worked example ($30 → $80 charges $50; a downgrade leaves a credit). */
const PRORATION_MODES: ProrationMode[] = ['difference_immediately', 'prorated_immediately', 'full_immediately'];

function SubscriptionSection({ subscription, onChanged }: { subscription: ShopSubscription; onChanged: () => void }): ReactNode {
  const { t } = useText();
  const { price, date } = usePriceFormat();
  const [round, setRound] = useState(0);
  const [changed, setChanged] = useState(false);
  const headingId = `plan-${subscription.id}`;
  const onResult = (outcome: UpgradePreviewOutcome): void => {
    if (outcome.status !== 'succeeded') return;
    setChanged(true);
    onChanged();
  };
  return (
    <section aria-labelledby={headingId} className="demo-card">
      <h3 id={headingId}>{subscription.planName}</h3>
      <p className="demo-muted">
        {price(subscription.price, subscription.interval)} · {t('accountRenews', { date: date(subscription.nextBillingDate) })}
      </p>
      <UpgradePreview
        key={round}
        subscriptionId={subscription.id}
        allowedProrationModes={PRORATION_MODES}
        headingLevel={4}
        onResult={onResult}
      />
      {changed && (
        <button
          type="button"
          className="uk-button"
          data-variant="secondary"
          onClick={() => {
            setChanged(false);
            setRound((n) => n + 1);
          }}
        >
          {t('accountChangeAgain')}
        </button>
      )}
    </section>
  );
}

function SavedCards(): ReactNode {
  const { t } = useText();
  const kit = useKitText('SavedCards');
  const methods = usePaymentMethods();
  return (
    <section aria-labelledby="cards" className="demo-section" id="cards-section">
      <h2 id="cards">{t('accountCards')}</h2>
      {methods.status === 'loading' && <p>{t('loading')}</p>}
      {methods.status === 'error' && <p role="alert">{t('genericError')}</p>}
      {methods.status === 'ready' && methods.methods.length === 0 && <p>{t('accountNoCards')}</p>}
      {methods.methods.length > 0 && (
        <ul className="demo-list">
          {methods.methods.map((method) => (
            <li key={method.id}>
              {method.card
                ? kit.t('card.display', {
                    card: kit.t('card.summary', { brand: cardBrandName(method.card.brand), last4: method.card.last4 }),
                    expires: kit.t('card.expires', { month: String(method.card.expMonth).padStart(2, '0'), year: String(method.card.expYear).slice(-2) }),
                  })
                : kit.t('card.otherMethod', { type: method.type })}
              {method.unusableReason && <span className="demo-muted"> · {kit.t(`card.unusable.${method.unusableReason}`, { currency: '' })}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Orders({ orders }: { orders: ShopOrder[] }): ReactNode {
  const { t } = useText();
  const { price, date } = usePriceFormat();
  return (
    <section aria-labelledby="orders" className="demo-section">
      <h2 id="orders">{t('accountOrders')}</h2>
      {orders.length === 0 ? (
        <p>{t('accountNoOrders')}</p>
      ) : (
        <table className="demo-table">
          <thead>
            <tr>
              <th scope="col">{t('accountOrderDate')}</th>
              <th scope="col">{t('accountOrderItems')}</th>
              <th scope="col">{t('accountOrderTotal')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.paymentId}>
                <td>{date(order.createdAt)}</td>
                <td>{order.items.map((item) => (item.quantity > 1 ? `${item.name} × ${item.quantity}` : item.name)).join(', ')}</td>
                <td>{price(order.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function AccountPage(): ReactNode {
  const { t } = useText();
  const account = useApi<{ subscriptions: ShopSubscription[]; orders: ShopOrder[] }>('/account');
  // `useApi` keeps the last data while it reloads, so the plan sections stay mounted after a change.
  const subscriptions = account.data?.subscriptions ?? null;

  return (
    <Page title={t('accountTitle')}>
      <section aria-labelledby="plans" className="demo-section">
        <h2 id="plans">{t('accountPlans')}</h2>
        {account.loading && subscriptions === null && <p>{t('loading')}</p>}
        {account.error && <p role="alert">{t('genericError')}</p>}
        {subscriptions?.length === 0 && <p>{t('accountNoPlan')}</p>}
        {subscriptions?.map((subscription) => (
          <SubscriptionSection key={subscription.id} subscription={subscription} onChanged={account.reload} />
        ))}
      </section>
      <SavedCards />
      {account.data && <Orders orders={account.data.orders} />}
    </Page>
  );
}
