/** Sign in as one of the sandbox's customers; each shows another case of the guide. */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { storyKey, useText } from '../i18n';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';
import { api } from '../api';
import { Page } from './page';

/** Forgets this browser's offer history and purchase intents (they belong to the data just cleared). */
function forgetLocalOfferData(): void {
  for (const storage of [window.localStorage, window.sessionStorage]) {
    for (const key of Object.keys(storage)) if (key.startsWith('upsell-kit:') || key === 'demo:cart') storage.removeItem(key);
  }
}

export function SignInPage(): ReactNode {
  const { t } = useText();
  const { session, signIn, refresh } = useSession();
  const { pathname } = useLocation();
  const [status, setStatus] = useState<{ text: string; tone: 'neutral' | 'danger' } | null>(null);
  const [resetting, setResetting] = useState(false);
  if (!session) return null;
  const needed = pathname !== '/sign-in' && session.customer === null;

  const choose = (customerId: string): void => {
    setStatus(null);
    signIn(customerId).then(
      () => {
        // Signing in on the sign-in page itself leads to the shop; elsewhere the page stays.
        if (pathname === '/sign-in') navigate('/', { replace: true });
      },
      () => setStatus({ text: t('genericError'), tone: 'danger' }),
    );
  };

  const reset = (): void => {
    setResetting(true);
    setStatus({ text: t('resetting'), tone: 'neutral' });
    api<void>('/reset', { method: 'POST' }).then(
      async () => {
        forgetLocalOfferData();
        await refresh();
        setResetting(false);
        setStatus({ text: t('resetDone'), tone: 'neutral' });
      },
      () => {
        setResetting(false);
        setStatus({ text: t('genericError'), tone: 'danger' });
      },
    );
  };

  return (
    <Page title={t('signInTitle')}>
      {needed && <p>{t('signInNeeded')}</p>}
      <p>{t('signInIntro')}</p>
      <ul className="demo-customers">
        {session.customers.map((customer) => {
          const story = storyKey(customer.id);
          return (
            <li key={customer.id} className="demo-card">
              <button type="button" className="uk-button" data-variant={session.customer?.id === customer.id ? 'secondary' : 'primary'} onClick={() => choose(customer.id)}>
                {t('signInAs', { name: customer.name })}
              </button>
              {story && <p className="demo-muted">{t(story)}</p>}
            </li>
          );
        })}
      </ul>
      {session.canReset && (
        <section aria-labelledby="reset-heading" className="demo-section">
          <h2 id="reset-heading">{t('resetTitle')}</h2>
          <p className="demo-muted">{t('resetHint')}</p>
          <button type="button" className="uk-button" data-variant="secondary" aria-disabled={resetting || undefined} onClick={resetting ? undefined : reset}>
            {t('reset')}
          </button>
        </section>
      )}
      <p role="status" className={status?.tone === 'danger' ? 'demo-error' : undefined}>
        {status?.text ?? ''}
      </p>
    </Page>
  );
}
