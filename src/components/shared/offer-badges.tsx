'use client';
/** `OfferBadges`: value badges ("Most popular") from the catalog. */
import type { ReactNode } from 'react';
import type { Translate } from '../../core/i18n/index';
import type { OfferBadge } from '../../core/types';

/** Props of {@link OfferBadges}. */
export interface OfferBadgesProps {
  /** The offer's badges; nothing renders for none. */
  badges: readonly OfferBadge[];
  /** Translator (the provider's `t`). */
  t: Translate;
}

/** A list of value badges, each with `data-badge` for per-badge styling. */
export function OfferBadges({ badges, t }: OfferBadgesProps): ReactNode {
  if (badges.length === 0) return null;
  return (
    <ul className="uk-badges" data-slot="badges">
      {badges.map((badge) => (
        <li key={badge} className="uk-badge" data-slot="badge" data-badge={badge}>
          {t(`badge.${badge}`)}
        </li>
      ))}
    </ul>
  );
}
