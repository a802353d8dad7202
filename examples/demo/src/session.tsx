/** The signed-in customer, from the server's session cookie (the browser never picks an id the server trusts). */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { api } from './api';
import type { SessionInfo } from './api';

export interface SessionValue {
  /** null while loading. */
  session: SessionInfo | null;
  /** Why loading failed, if it did. */
  error: string | null;
  signIn(customerId: string): Promise<void>;
  signOut(): Promise<void>;
  /** Loads the session again (after a reset). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Loads the session once and offers sign-in and sign-out. */
export function SessionProvider({ children }: { children: ReactNode }): ReactNode {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setSession(await api<SessionInfo>('/session'));
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback(async (customerId: string) => {
    const { customer } = await api<Pick<SessionInfo, 'customer'>>('/session', { method: 'POST', body: { customerId } });
    setSession((current) => (current ? { ...current, customer } : current));
  }, []);
  const signOut = useCallback(async () => {
    await api<void>('/session', { method: 'DELETE' });
    setSession((current) => (current ? { ...current, customer: null } : current));
  }, []);

  return <SessionContext.Provider value={{ session, error, signIn, signOut, refresh }}>{children}</SessionContext.Provider>;
}

/** The session and its actions. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
