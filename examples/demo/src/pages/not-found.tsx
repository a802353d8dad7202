import type { ReactNode } from 'react';
import { useText } from '../i18n';
import { Link } from '../router';
import { Page } from './page';

export function NotFoundPage(): ReactNode {
  const { t } = useText();
  return (
    <Page title={t('notFoundTitle')}>
      <p>
        <Link to="/">{t('backToShop')}</Link>
      </p>
    </Page>
  );
}
