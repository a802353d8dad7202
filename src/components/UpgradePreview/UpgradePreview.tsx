'use client';
/**
 * `UpgradePreview`: a thin rendering of `usePlanChange`. Current and new plan side by side with a
 * feature diff, a plan picker, the proration mode where the host allows a choice, what is charged
 * today and what is credited (in words and in numbers), the new recurring price, the effective
 * date, line items, and one confirm that executes the signed quote.
 */
import { Fragment, useEffect, useId, useRef, useState } from 'react';
import type { ChangeEvent, ReactNode } from 'react';
import type { MessageKey } from '../../core/i18n/index';
import type { UpsellErrorInfo } from '../../core/machines/error-info';
import type { PlanChangeMachineStatus, SucceededPlanChange } from '../../core/machines/plan-change-machine';
import type { Money } from '../../core/money';
import type { Offer, PlanChangeDirection, PlanChangePreview, PlanSummary, ProrationMode } from '../../core/types';
import { usePlanChange } from '../../hooks/use-plan-change';
import { FlowButton } from '../shared/flow-buttons';
import { cx, errorText, StatusRegion, useFormatters } from '../shared/index';
import type { Formatters, StatusTone } from '../shared/index';
import { diffFeatures } from './feature-diff';
import { usePlanOffers } from './use-plan-offers';

/** What a confirmed plan change came to, as `onResult` reports it. */
export type UpgradePreviewOutcome =
  | { status: 'succeeded'; result: SucceededPlanChange }
  | { status: 'failed'; error: UpsellErrorInfo };

/** The root's `data-state`: loading or failing to load the plan choices, no plan to switch to, or the plan-change state. */
export type UpgradePreviewState = 'loading' | 'load_failed' | 'empty' | PlanChangeMachineStatus;

/** Props of {@link UpgradePreview}. */
export interface UpgradePreviewProps {
  /** The subscription to change; it must belong to the signed-in customer. */
  subscriptionId: string;
  /** Plans the customer may switch to. @default the adapter's `plan_change` offers for placement 'account' */
  offers?: readonly Offer[];
  /** Plan chosen at first; it is quoted on mount. @default null (the customer picks one) */
  defaultProductId?: string | null;
  /** Proration modes the customer may choose from; the choice is shown only when there are several. @default ['prorated_immediately'] */
  allowedProrationModes?: readonly ProrationMode[];
  /** Proration mode chosen at first (one of `allowedProrationModes`). @default the first allowed mode */
  defaultProrationMode?: ProrationMode;
  /** Lets the customer change the number of seats on the new plan. @default false */
  allowQuantity?: boolean;
  /** Seats on the new plan at first. @default 1 */
  defaultQuantity?: number;
  /** Heading level of the "Current plan" and "New plan" columns, to fit the host page's outline. @default 3 */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
  /** Quiet time after a change of plan, seats or mode before quoting, in ms. @default 300 */
  debounceMs?: number;
  /** Opens the bank's page when the change needs customer action. @default a new window, or this tab when blocked */
  openActionUrl?: (url: string) => void;
  /** Extra class on the root element, after the kit's own. @default undefined */
  className?: string;
  /** Called once per outcome of a confirmed change: succeeded, or failed with the reason. @default undefined */
  onResult?: (outcome: UpgradePreviewOutcome) => void;
}

const DEFAULT_MODES: readonly ProrationMode[] = ['prorated_immediately'];

/** States whose status line is one catalog key. */
const LINE_OF: { [S in UpgradePreviewState]?: MessageKey } = {
  loading: 'common.loading',
  empty: 'plan.noPlans',
  previewing: 'plan.previewing',
  confirming: 'plan.confirming',
  quote_expired: 'plan.quoteExpired',
  requires_action: 'status.requiresAction',
  processing: 'status.processing',
  pending_change: 'plan.pending',
};

const CONFIRM_KEYS: Record<PlanChangeDirection, MessageKey> = {
  upgrade: 'plan.confirmUpgrade',
  downgrade: 'plan.confirmDowngrade',
  lateral: 'plan.confirmChange',
};

function summaryOf(offer: Offer): PlanSummary {
  return {
    productId: offer.product.id,
    name: offer.product.name,
    price: offer.price,
    interval: offer.interval,
    features: offer.product.features,
  };
}

/** Upgrade or downgrade compared with the current plan, before any quote (labels the picker and the confirm button). */
function directionOf(offer: Offer, current: PlanSummary | null): PlanChangeDirection | null {
  const from = offer.currentPlan ?? current;
  if (!from || from.price.currency !== offer.price.currency) return null;
  const next = offer.price.minor * offer.quantity;
  return next > from.price.minor ? 'upgrade' : next < from.price.minor ? 'downgrade' : 'lateral';
}

/** Shows a plan-change quote and confirms it: current vs new plan, charge today, credit, effective date. */
export function UpgradePreview(props: UpgradePreviewProps): ReactNode {
  const {
    subscriptionId,
    offers: offersProp,
    defaultProductId = null,
    allowedProrationModes = DEFAULT_MODES,
    defaultProrationMode,
    allowQuantity = false,
    defaultQuantity = 1,
    headingLevel = 3,
    debounceMs,
    openActionUrl,
    className,
    onResult,
  } = props;
  const format = useFormatters('UpgradePreview');
  const { t, money } = format;
  const id = useId();
  const choices = usePlanOffers(subscriptionId, offersProp);
  const modes = allowedProrationModes.length > 0 ? allowedProrationModes : DEFAULT_MODES;
  const firstMode: ProrationMode =
    defaultProrationMode && modes.includes(defaultProrationMode) ? defaultProrationMode : (modes[0] ?? 'prorated_immediately');
  const plan = usePlanChange({
    subscriptionId,
    offers: choices.offers,
    defaultProductId,
    defaultQuantity,
    defaultProrationMode: firstMode,
    debounceMs,
    openActionUrl,
  });
  const { status, selection, error } = plan;

  // Report each outcome of a confirmed change once, from the transition (never per render).
  const previousStatus = useRef(status);
  useEffect(() => {
    const before = previousStatus.current;
    previousStatus.current = status;
    if (before === status) return;
    if (status === 'succeeded' && plan.result) onResult?.({ status: 'succeeded', result: plan.result });
    else if (before === 'confirming' && (status === 'failed' || status === 'pending_change') && error) {
      onResult?.({ status: 'failed', error });
    }
  });

  // While a new mode or seat count is quoted, keep the last numbers of the same plan on screen
  // (aria-busy, marked by a dashed rule) instead of collapsing the layout for a few hundred ms.
  const [lastPreview, setLastPreview] = useState<PlanChangePreview | null>(null);
  if (plan.preview && plan.preview !== lastPreview) setLastPreview(plan.preview);
  const shown =
    plan.preview ??
    (status === 'previewing' && lastPreview && lastPreview.newPlan.productId === selection.productId ? lastPreview : null);

  const plans = choices.offers;
  const currentPlan = shown?.currentPlan ?? plans.find((offer) => offer.currentPlan)?.currentPlan ?? null;
  const newPlan =
    shown && shown.newPlan.productId === selection.productId ? shown.newPlan : plan.targetPlan ? summaryOf(plan.targetPlan) : null;
  const direction = plan.direction ?? (plan.targetPlan ? directionOf(plan.targetPlan, currentPlan) : null);
  const locked = plan.isBusy || status === 'succeeded';

  const rootState: UpgradePreviewState =
    choices.state.status === 'loading'
      ? 'loading'
      : choices.state.status === 'failed'
        ? 'load_failed'
        : plans.length === 0 && status === 'idle'
          ? 'empty'
          : status;

  function statusLines(): string[] {
    const key = LINE_OF[rootState];
    if (key) return [t(key)];
    const credit = (amount: Money): string[] => (amount.minor > 0 ? [t('plan.creditWords', { amount: money(amount) })] : []);
    switch (rootState) {
      case 'load_failed':
        return [t('plan.loadError'), ...(choices.state.status === 'failed' ? [errorText(t, choices.state.error.code)] : [])];
      case 'idle':
        // A plan chosen up front is about to be quoted (also what the server renders).
        return [t(selection.productId ? 'plan.previewing' : 'plan.chooseHint')];
      case 'ready':
        return plan.chargeToday && plan.credit
          ? [
              ...(plan.requoted ? [t('plan.quoteExpired')] : []),
              plan.chargeToday.minor > 0 ? t('plan.chargeTodayWords', { amount: money(plan.chargeToday) }) : t('plan.noChargeToday'),
              ...credit(plan.credit),
            ]
          : [];
      case 'succeeded':
        return plan.result ? [t('status.succeededPlan', { plan: plan.result.newPlan.name }), ...credit(plan.result.credit)] : [];
      case 'failed':
        return error ? [errorText(t, error.code)] : [];
      default:
        return [];
    }
  }

  const tone: StatusTone =
    rootState === 'failed' || rootState === 'load_failed'
      ? 'danger'
      : rootState === 'pending_change' || rootState === 'requires_action' || (rootState === 'ready' && plan.requoted)
        ? 'warning'
        : rootState === 'succeeded'
          ? 'success'
          : 'neutral';
  const lines = statusLines();

  function retryLoad(): void {
    choices.reload();
    if (status === 'failed' && plan.preview === null) void plan.retry();
  }

  function onQuantity(event: ChangeEvent<HTMLInputElement>): void {
    const quantity = Number(event.currentTarget.value);
    if (Number.isSafeInteger(quantity) && quantity >= 1 && quantity <= 1000) plan.setQuantity(quantity);
  }

  const showChoices = rootState !== 'loading' && rootState !== 'load_failed';
  const canRetry = (status === 'failed' && error !== null && (error.retryable || plan.preview === null)) || status === 'pending_change';
  const canReview = status === 'failed' && error !== null && !error.retryable && plan.preview !== null;
  const showConfirm = showChoices && rootState !== 'empty' && status !== 'succeeded' && status !== 'requires_action' && status !== 'processing';

  return (
    <div
      className={cx('uk-root', 'uk-upgrade-preview', className)}
      data-state={rootState}
      data-direction={direction ?? undefined}
      aria-busy={rootState === 'loading' || undefined}
    >
      {showChoices && plans.length > 0 && (
        <fieldset className="uk-upgrade-preview__picker" data-slot="picker" disabled={locked}>
          <legend className="uk-upgrade-preview__legend">{t('plan.choosePlan')}</legend>
          {plans.map((offer) => {
            const offerDirection = directionOf(offer, currentPlan);
            const checked = selection.productId === offer.product.id;
            return (
              <label
                key={offer.product.id}
                className="uk-upgrade-preview__option"
                data-slot="option"
                data-state={checked ? 'checked' : 'unchecked'}
                data-direction={offerDirection ?? undefined}
              >
                <input
                  className="uk-upgrade-preview__radio"
                  type="radio"
                  name={`${id}-plan`}
                  value={offer.product.id}
                  checked={checked}
                  onChange={() => plan.setTargetPlan(offer.product.id)}
                />
                {/* The spaces keep the parts apart in the radio's accessible name and when unstyled. */}
                <span className="uk-upgrade-preview__option-name">{offer.product.name}</span>{' '}
                <span className="uk-upgrade-preview__option-price">{format.price(offer.price, offer.interval)}</span>
                {offerDirection && (
                  <>
                    {' '}
                    <span className="uk-upgrade-preview__direction" data-slot="direction">
                      {t(`plan.${offerDirection}`)}
                    </span>
                  </>
                )}
                {offer.badges.map((badge) => (
                  <Fragment key={badge}>
                    {' '}
                    <span className="uk-upgrade-preview__badge" data-slot="badge">
                      {t(`badge.${badge}`)}
                    </span>
                  </Fragment>
                ))}
              </label>
            );
          })}
        </fieldset>
      )}

      {showChoices && modes.length > 1 && (
        <fieldset className="uk-upgrade-preview__modes" data-slot="modes" disabled={locked}>
          <legend className="uk-upgrade-preview__legend">{t('plan.prorationMode')}</legend>
          {modes.map((mode) => (
            <label key={mode} className="uk-upgrade-preview__mode" data-slot="mode">
              <input
                className="uk-upgrade-preview__radio"
                type="radio"
                name={`${id}-mode`}
                value={mode}
                checked={selection.prorationMode === mode}
                onChange={() => plan.setProrationMode(mode)}
              />
              <span>{t(`plan.mode.${mode}`)}</span>
            </label>
          ))}
        </fieldset>
      )}

      {showChoices && allowQuantity && (
        <div className="uk-upgrade-preview__quantity" data-slot="quantity">
          <label className="uk-upgrade-preview__label" htmlFor={`${id}-quantity`}>
            {t('plan.quantity')}
          </label>
          <input
            id={`${id}-quantity`}
            className="uk-upgrade-preview__input"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            step={1}
            defaultValue={selection.quantity}
            disabled={locked}
            onChange={onQuantity}
          />
        </div>
      )}

      {showChoices && (currentPlan || newPlan) && (
        <div className="uk-upgrade-preview__comparison" data-slot="comparison">
          {currentPlan && <PlanColumn kind="current" plan={currentPlan} from={currentPlan} idBase={id} level={headingLevel} format={format} />}
          {newPlan && <PlanColumn kind="new" plan={newPlan} from={currentPlan ?? newPlan} idBase={id} level={headingLevel} format={format} />}
        </div>
      )}

      {showChoices && status !== 'idle' && (
        <div className="uk-upgrade-preview__quote" data-slot="quote" aria-busy={plan.isPreviewing}>
          {shown && (
            <>
              <dl className="uk-upgrade-preview__totals" data-slot="totals">
                <div className="uk-upgrade-preview__total" data-slot="charge-today">
                  <dt>{t('plan.chargeToday')}</dt>
                  <dd>{money(shown.chargeToday)}</dd>
                </div>
                {shown.credit.minor > 0 && (
                  <div className="uk-upgrade-preview__total" data-slot="credit">
                    <dt>{t('plan.credit')}</dt>
                    <dd>{money(shown.credit)}</dd>
                  </div>
                )}
              </dl>
              <ul className="uk-upgrade-preview__facts" data-slot="facts">
                <li>{t('plan.newRecurring', { price: format.price(shown.newRecurringPrice, shown.newPlan.interval) })}</li>
                <li>{t('plan.effective', { date: format.date(shown.effectiveAt) })}</li>
                {shown.nextBillingAt && <li>{t('plan.nextBilling', { date: format.date(shown.nextBillingAt) })}</li>}
              </ul>
              {shown.lineItems.length > 0 && (
                <table className="uk-upgrade-preview__line-items" data-slot="line-items">
                  <caption>{t('plan.lineItems')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('plan.lineItem')}</th>
                      <th scope="col">{t('plan.amount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.lineItems.map((item, index) => (
                      <tr key={`${index}-${item.description}`} data-sign={item.amount.minor < 0 ? 'credit' : 'charge'}>
                        <th scope="row">{item.description}</th>
                        <td>{money(item.amount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </div>
      )}

      <StatusRegion
        className="uk-upgrade-preview__status"
        tone={tone}
        busy={rootState === 'loading' || status === 'previewing' || status === 'confirming' || (status === 'idle' && selection.productId !== null)}
      >
        {lines.length > 0 &&
          lines.map((line, index) => (
            <span key={line} className="uk-upgrade-preview__status-line">
              {index > 0 ? ' ' : null}
              {line}
            </span>
          ))}
      </StatusRegion>

      <div className="uk-upgrade-preview__actions" data-slot="actions">
        {(rootState === 'load_failed' || (showChoices && canRetry)) && (
          <FlowButton
            className="uk-upgrade-preview__button"
            variant="secondary"
            slot="retry"
            onClick={rootState === 'load_failed' ? retryLoad : () => void plan.retry()}
          >
            {t('common.retry')}
          </FlowButton>
        )}
        {showChoices && status === 'requires_action' && (
          <FlowButton className="uk-upgrade-preview__button" variant="primary" slot="open-action" onClick={plan.openAction}>
            {t('status.requiresActionOpen')} <span className="uk-upgrade-preview__hint">{t('common.newWindow')}</span>
          </FlowButton>
        )}
        {showChoices && canReview && (
          <FlowButton className="uk-upgrade-preview__button" variant="secondary" slot="review" onClick={plan.requestPreview}>
            {t('plan.reviewAgain')}
          </FlowButton>
        )}
        {showConfirm && (
          <button {...plan.getConfirmButtonProps({ className: 'uk-button uk-upgrade-preview__confirm' })} data-variant="primary" data-slot="confirm">
            {t(direction ? CONFIRM_KEYS[direction] : 'plan.confirmChange')}
          </button>
        )}
      </div>
    </div>
  );
}

interface PlanColumnProps {
  kind: 'current' | 'new';
  plan: PlanSummary;
  /** The plan its features are compared with (the column's own plan: every feature kept). */
  from: PlanSummary;
  idBase: string;
  level: NonNullable<UpgradePreviewProps['headingLevel']>;
  format: Formatters;
}

const FEATURE_MARKS = { kept: '✓', added: '+', removed: '−' } as const;

/** One side of the comparison; a change of feature is spelled out in text, never shown by colour alone. */
function PlanColumn({ kind, plan, from, idBase, level, format }: PlanColumnProps): ReactNode {
  const { t } = format;
  const headingId = `${idBase}-${kind}`;
  const Heading = `h${level}` as const;
  const features = diffFeatures(from.features, plan.features);
  return (
    <section className="uk-upgrade-preview__plan" data-slot="plan" data-plan={kind} aria-labelledby={headingId}>
      <Heading id={headingId} className="uk-upgrade-preview__plan-heading">
        {t(kind === 'current' ? 'plan.current' : 'plan.new')}
      </Heading>
      <p className="uk-upgrade-preview__plan-name">{plan.name}</p>
      <p className="uk-upgrade-preview__plan-price">{format.price(plan.price, plan.interval)}</p>
      {features.length > 0 && (
        <ul className="uk-upgrade-preview__features" aria-label={t('plan.features')}>
          {features.map(({ feature, change }) => (
            <li key={`${change}:${feature}`} className="uk-upgrade-preview__feature" data-change={change}>
              <span className="uk-upgrade-preview__feature-mark" aria-hidden="true">
                {FEATURE_MARKS[change]}
              </span>{' '}
              <span>{change === 'kept' ? feature : t(change === 'added' ? 'plan.featureAdded' : 'plan.featureRemoved', { feature })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
