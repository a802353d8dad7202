'use client';
/**
 * `DeclineInsights`: conversion per offer, as a table (the accessible data source) and a small
 * SVG bar chart. Stats come from the backend (`getOfferStats`) or from this browser's history.
 */
import { useId, useMemo } from 'react';
import type { ReactNode } from 'react';
import { formatPercent } from '../../core/i18n/index';
import { cx, StatusRegion, useFormatters } from '../shared/index';
import { ConversionChart } from './ConversionChart';
import type { ConversionChartBar } from './ConversionChart';
import { useOfferStats } from './use-offer-stats';
import type { OfferStatsSource } from './use-offer-stats';

/** The root's `data-state`. */
export type DeclineInsightsState = 'loading' | 'failed' | 'empty' | 'ready';

/** Props of {@link DeclineInsights}. */
export interface DeclineInsightsProps {
  /** Stats from the backend (`getOfferStats`, every customer in scope) or from this browser's recorded events. @default 'server' */
  source?: OfferStatsSource;
  /** Display names by offer id; an offer without one shows its id. @default {} */
  offerLabels?: Readonly<Record<string, string>>;
  /** Draws the bar chart above the table. @default true */
  showChart?: boolean;
  /** Caption of the table, which also names its scrolling region; give each one on a page its own. @default the catalog's "Offer performance" */
  title?: string;
  /** Extra class on the root element, after the kit's own. @default undefined */
  className?: string;
}

const NO_LABELS: Readonly<Record<string, string>> = {};

/** Per-offer impressions, acceptances, declines and conversion, with an accessible bar chart. */
export function DeclineInsights({ source = 'server', offerLabels = NO_LABELS, showChart = true, title, className }: DeclineInsightsProps): ReactNode {
  const { t, locale } = useFormatters('DeclineInsights');
  const { state, reload } = useOfferStats(source);
  const count = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const captionId = `${useId()}-caption`;

  const stats = state.status === 'ready' ? state.value : [];
  const rootState: DeclineInsightsState = state.status === 'ready' ? (stats.length === 0 ? 'empty' : 'ready') : state.status;
  const nameOf = (offerId: string): string => offerLabels[offerId] ?? offerId;

  const bars = stats.map(
    (row): ConversionChartBar => ({
      key: row.offerId,
      label: nameOf(row.offerId),
      ratio: row.conversionRate,
      value: formatPercent(row.conversionRate, locale),
      title: t('insights.barLabel', {
        offer: nameOf(row.offerId),
        rate: formatPercent(row.conversionRate, locale),
        accepts: count.format(row.accepts),
        impressions: count.format(row.impressions),
      }),
    }),
  );

  const message =
    state.status === 'loading'
      ? t('common.loading')
      : state.status === 'failed'
        ? `${t('insights.loadError')}${state.error.code === 'network' ? ` ${t('error.network')}` : ''}`
        : rootState === 'empty'
          ? t('insights.empty')
          : null;

  return (
    <div className={cx('uk-root', 'uk-decline-insights', className)} data-state={rootState} aria-busy={rootState === 'loading' || undefined}>
      {rootState === 'ready' && showChart && <ConversionChart label={t('insights.chartLabel')} bars={bars} />}
      {rootState === 'ready' && (
        // A narrow screen scrolls the table sideways; the named, focusable region lets keyboard users scroll it too.
        <div
          className="uk-decline-insights__table-scroll"
          data-slot="table-scroll"
          role="region"
          aria-labelledby={captionId}
          tabIndex={0}
        >
          <table className="uk-decline-insights__table" data-slot="table">
            <caption id={captionId}>{title ?? t('insights.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('insights.offer')}</th>
                <th scope="col">{t('insights.impressions')}</th>
                <th scope="col">{t('insights.accepts')}</th>
                <th scope="col">{t('insights.declines')}</th>
                <th scope="col">{t('insights.conversion')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.map((row) => (
                <tr key={row.offerId} data-slot="row">
                  <th scope="row">{nameOf(row.offerId)}</th>
                  <td>{count.format(row.impressions)}</td>
                  <td>{count.format(row.accepts)}</td>
                  <td>{count.format(row.declines)}</td>
                  <td>{formatPercent(row.conversionRate, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <StatusRegion
        className="uk-decline-insights__status"
        tone={rootState === 'failed' ? 'danger' : 'neutral'}
        busy={rootState === 'loading'}
      >
        {message}
      </StatusRegion>
      {state.status === 'failed' && (
        <button type="button" className="uk-button uk-decline-insights__retry" data-variant="secondary" data-slot="retry" onClick={reload}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
