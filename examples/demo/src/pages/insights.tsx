/** Conversion per offer with the kit's `DeclineInsights`: every customer's (server) or this browser's. */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { DeclineInsights } from '../kit';
import type { OfferStatsSource } from '../kit';
import { useText } from '../i18n';
import { Page } from './page';

/** Offer ids of the demo's rules (examples/demo/server/demo-config.ts), in words. */
const OFFER_LABELS: Record<string, string> = {
  basic_to_pro: 'Basic → Pro plan',
  basic_to_plus: 'Basic → Plus plan (downsell)',
  starter_to_bundle: 'Starter course → Complete bundle',
  starter_to_module: 'Starter course → Advanced module (downsell)',
  single_to_team: 'Single → Team license',
  single_to_duo: 'Single → Duo license (downsell)',
  cross_priority_support: 'Priority support (cross-sell)',
  cross_templates_pack: 'Templates pack (cross-sell)',
  account_basic: 'Account: switch to Basic',
  account_plus: 'Account: switch to Plus',
  account_pro: 'Account: switch to Pro',
};

export function InsightsPage(): ReactNode {
  const { t } = useText();
  const [source, setSource] = useState<OfferStatsSource>('server');
  return (
    <Page title={t('insightsTitle')}>
      <p>{t('insightsIntro')}</p>
      <fieldset className="demo-switch">
        <legend>{t('insightsWhose')}</legend>
        {(['server', 'local'] as const).map((value) => (
          <label key={value}>
            <input type="radio" name="insights-source" value={value} checked={source === value} onChange={() => setSource(value)} />
            {value === 'server' ? t('insightsAll') : t('insightsBrowser')}
          </label>
        ))}
      </fieldset>
      {/* Keyed by source: each view loads its own statistics. */}
      <DeclineInsights key={source} source={source} offerLabels={OFFER_LABELS} />
    </Page>
  );
}
