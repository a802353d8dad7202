/** Language and colour theme, remembered in this browser and applied to `<html>`. */
import { useCallback, useEffect, useState } from 'react';
import type { Language } from './i18n';

export type Theme = 'light' | 'dark';

const LANGUAGE_KEY = 'demo:language';
const THEME_KEY = 'demo:theme';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Blocked storage: the choice lasts until the page is left.
  }
}

function initialTheme(): Theme {
  const saved = read(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Applies the saved theme before React renders, so the page does not flash the other one. */
export function applyInitialTheme(): void {
  document.documentElement.dataset.ukTheme = initialTheme();
}

/** The language and theme, with setters that remember them. */
export function usePreferences(): { language: Language; setLanguage: (language: Language) => void; theme: Theme; setTheme: (theme: Theme) => void } {
  const [language, setLanguageState] = useState<Language>(() => (read(LANGUAGE_KEY) === 'hi' ? 'hi' : 'en'));
  const [theme, setThemeState] = useState<Theme>(initialTheme);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    // On <html>: the kit's dialogs portal to <body>, outside the app's root.
    document.documentElement.dataset.ukTheme = theme;
  }, [theme]);

  const setLanguage = useCallback((next: Language) => {
    write(LANGUAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const setTheme = useCallback((next: Theme) => {
    write(THEME_KEY, next);
    setThemeState(next);
  }, []);
  return { language, setLanguage, theme, setTheme };
}
