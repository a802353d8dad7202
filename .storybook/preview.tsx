import type { Decorator, Preview } from '@storybook/react-vite';
import { useLayoutEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { UpsellProvider } from '../src/hooks/index';
import { hi } from '../src/locales/hi';
import { createMemoryAdapter, fixtures } from '../src/memory/index';
import type { FixtureName } from '../src/memory/index';
import '../src/styles.css';

/** Toolbar choices every story can be viewed in (and a story can pin with `globals`). */
type Locale = 'en-US' | 'hi-IN';
type Theme = 'light' | 'dark';
type Direction = 'ltr' | 'rtl';

const isFixtureName = (value: unknown): value is FixtureName => typeof value === 'string' && value in fixtures;
const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.find((option) => option === value) ?? fallback;

interface KitFrameProps {
  fixture: FixtureName;
  autoCompleteActionMs: number | null;
  locale: Locale;
  theme: Theme;
  direction: Direction;
  /** Also set theme, direction and language on <html> (story view only: a docs page shows many stories at once). */
  document: boolean;
  children: ReactNode;
}

/**
 * One story's world: a fresh memory adapter (the decorator remounts this per story, args and
 * globals), the provider in the chosen locale, and theme/direction on a wrapper and on <html>
 * (Radix portals dialogs to <body>, outside the wrapper). No storage: a decline in one story
 * must not hide the offer in the next.
 */
function KitFrame({ fixture, autoCompleteActionMs, locale, theme, direction, document: onDocument, children }: KitFrameProps): ReactNode {
  const [adapter] = useState(() => createMemoryAdapter({ fixture, autoCompleteActionMs }));
  useLayoutEffect(() => {
    if (!onDocument) return;
    const root = document.documentElement;
    root.setAttribute('data-uk-theme', theme);
    root.setAttribute('dir', direction);
    root.setAttribute('lang', locale);
  }, [onDocument, theme, direction, locale]);
  return (
    <UpsellProvider adapter={adapter} locale={locale} messages={locale === 'hi-IN' ? hi : undefined} storage={null}>
      <div
        data-uk-root=""
        data-uk-theme={theme}
        dir={direction}
        lang={locale}
        style={{ boxSizing: 'border-box', minBlockSize: '100vh', padding: '2rem', background: 'var(--uk-color-bg)', color: 'var(--uk-color-text)' }}
      >
        {children}
      </div>
    </UpsellProvider>
  );
}

const withUpsellKit: Decorator = (Story, context) => {
  const fixture: FixtureName = isFixtureName(context.parameters.fixture) ? context.parameters.fixture : 'happyPath';
  const autoComplete: unknown = context.parameters.autoCompleteActionMs;
  const autoCompleteActionMs = typeof autoComplete === 'number' || autoComplete === null ? autoComplete : 2000;
  const locale = pick<Locale>(context.globals.locale, ['en-US', 'hi-IN'], 'en-US');
  const theme = pick<Theme>(context.globals.theme, ['light', 'dark'], 'light');
  const direction = pick<Direction>(context.globals.direction, ['ltr', 'rtl'], 'ltr');
  // A new key → a new KitFrame → a new adapter: every render of a story starts from its fixture.
  const key = JSON.stringify([context.id, fixture, autoCompleteActionMs, locale, theme, direction, context.args]);
  return (
    <KitFrame
      key={key}
      fixture={fixture}
      autoCompleteActionMs={autoCompleteActionMs}
      locale={locale}
      theme={theme}
      direction={direction}
      document={context.viewMode !== 'docs'}
    >
      <Story />
    </KitFrame>
  );
};

const preview: Preview = {
  decorators: [withUpsellKit],
  globalTypes: {
    locale: {
      description: 'Locale of messages, money and dates',
      toolbar: { title: 'Locale', icon: 'globe', dynamicTitle: true, items: [{ value: 'en-US', title: 'English' }, { value: 'hi-IN', title: 'हिन्दी (Hindi)' }] },
    },
    theme: {
      description: 'Colour theme (data-uk-theme)',
      toolbar: { title: 'Theme', icon: 'mirror', dynamicTitle: true, items: [{ value: 'light', title: 'Light' }, { value: 'dark', title: 'Dark' }] },
    },
    direction: {
      description: 'Text direction',
      toolbar: { title: 'Direction', icon: 'transfer', dynamicTitle: true, items: [{ value: 'ltr', title: 'Left to right' }, { value: 'rtl', title: 'Right to left' }] },
    },
  },
  initialGlobals: { locale: 'en-US', theme: 'light', direction: 'ltr' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
    // A story with any axe violation fails, in the Storybook UI and in `npm test`.
    a11y: { test: 'error' },
  },
};

export default preview;
