/** The shop's shell: header (sign-in state, language, theme), routes, and the kit's provider. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { createHttpAdapter, UpsellProvider } from './kit';
import type { Messages } from './kit';
import { useCart } from './cart';
import { LanguageContext, LOCALES, textFor, useText } from './i18n';
import type { Language } from './i18n';
import { usePreferences } from './preferences';
import type { Theme } from './preferences';
import { Link, navigate, useLocation } from './router';
import { SessionProvider, useSession } from './session';
import { AccountPage } from './pages/account';
import { CartPage } from './pages/cart';
import { InsightsPage } from './pages/insights';
import { NotFoundPage } from './pages/not-found';
import { ShopPage } from './pages/shop';
import { SignInPage } from './pages/sign-in';
import { ThankYouPage } from './pages/thank-you';

const PAGES: Record<string, () => ReactNode> = {
  '/': ShopPage,
  '/cart': CartPage,
  '/thank-you': ThankYouPage,
  '/account': AccountPage,
  '/insights': InsightsPage,
};

/** The Hindi catalog, loaded only when Hindi is chosen (an English visit downloads none of it). */
function useKitMessages(language: Language): Partial<Messages> | undefined {
  const [hi, setHi] = useState<Messages | null>(null);
  useEffect(() => {
    if (language !== 'hi' || hi) return;
    let live = true;
    void import('../../../src/locales/hi').then((module) => {
      if (live) setHi(module.hi);
    });
    return () => {
      live = false;
    };
  }, [language, hi]);
  return language === 'hi' && hi ? hi : undefined;
}

function Header({ language, setLanguage, theme, setTheme }: { language: Language; setLanguage: (l: Language) => void; theme: Theme; setTheme: (t: Theme) => void }): ReactNode {
  const { t } = useText();
  const { session, signOut } = useSession();
  const customer = session?.customer ?? null;
  const cart = useCart();
  const count = cart.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <header className="demo-header">
      <Link to="/" className="demo-brand">
        {t('brand')}
      </Link>
      {customer && (
        <nav aria-label={t('navLabel')}>
          <ul className="demo-nav">
            <li>
              <Link to="/">{t('navShop')}</Link>
            </li>
            <li>
              <Link to="/cart">{count > 0 ? t('navCartCount', { count }) : t('navCart')}</Link>
            </li>
            <li>
              <Link to="/account">{t('navAccount')}</Link>
            </li>
            <li>
              <Link to="/insights">{t('navInsights')}</Link>
            </li>
          </ul>
        </nav>
      )}
      <div className="demo-controls">
        <label className="demo-field">
          <span>{t('language')}</span>
          <select value={language} onChange={(event) => setLanguage(event.currentTarget.value === 'hi' ? 'hi' : 'en')}>
            <option value="en" lang="en">
              English
            </option>
            <option value="hi" lang="hi">
              हिन्दी
            </option>
          </select>
        </label>
        <button type="button" className="uk-button" data-variant="secondary" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
          {t('darkMode')}
        </button>
        {customer ? (
          <>
            <span className="demo-who">{t('signedInAs', { name: customer.name })}</span>
            <button
              type="button"
              className="uk-button"
              data-variant="secondary"
              onClick={() => {
                void signOut().then(() => navigate('/'));
              }}
            >
              {t('signOut')}
            </button>
          </>
        ) : (
          session && (
            <Link to="/sign-in" className="uk-button" data-variant="secondary">
              {t('signIn')}
            </Link>
          )
        )}
      </div>
    </header>
  );
}

function Routes({ language }: { language: Language }): ReactNode {
  const { t } = useText();
  const { session, error } = useSession();
  const { pathname } = useLocation();
  const adapter = useMemo(() => createHttpAdapter(), []);
  const messages = useKitMessages(language);

  if (error && !session) return <p role="alert">{t('genericError')}</p>;
  if (!session) return <p role="status">{t('loading')}</p>;
  const customer = session.customer;
  if (pathname === '/sign-in' || !customer) return <SignInPage />;
  const Page = PAGES[pathname] ?? NotFoundPage;
  return (
    // One provider per customer: their offer history (declines, impressions) is kept apart.
    <UpsellProvider key={customer.id} adapter={adapter} locale={LOCALES[language]} messages={messages} storageKey={`upsell-kit:offer-events:${customer.id}`}>
      <Page />
    </UpsellProvider>
  );
}

/** Moves focus to the new page's heading after an in-app navigation, so screen readers announce it. */
function useFocusOnNavigation(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }, [pathname]);
}

function Shell(): ReactNode {
  const { language, setLanguage, theme, setTheme } = usePreferences();
  const text = useMemo(() => ({ language, locale: LOCALES[language], t: textFor(language) }), [language]);
  const { session } = useSession();
  useFocusOnNavigation();
  return (
    <LanguageContext.Provider value={text}>
      <div className="uk-root demo-app">
        <a href="#main" className="demo-skip">
          {text.t('skipToContent')}
        </a>
        <Header language={language} setLanguage={setLanguage} theme={theme} setTheme={setTheme} />
        <main id="main" className="demo-main" tabIndex={-1}>
          <Routes language={language} />
        </main>
        <footer className="demo-footer">
          <p>{session?.backend === 'dodo' ? text.t('footerDodo') : text.t('footerSandbox')}</p>
        </footer>
      </div>
    </LanguageContext.Provider>
  );
}

/** The demo app. */
export function App(): ReactNode {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}
