/**
 * Who is signed in: the key's `/v1/me`. The pages the menu shows and the routes that open follow
 * its permissions; the API still checks every call, so this only spares the user a 403.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, onUnauthorized } from '../api/client';
import type { Me } from '../api/types';
import { clearApiKey, keepApiKey, readApiKey } from './session';

interface Auth {
  /** undefined while the kept key is being checked; null when signed out. */
  readonly me: Me | null | undefined;
  readonly signIn: (key: string) => Promise<void>;
  readonly signOut: () => void;
  readonly may: (permission: string) => boolean;
}

const AuthContext = createContext<Auth | undefined>(undefined);

export function AuthProvider({ children }: { readonly children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(readApiKey() ? undefined : null);

  useEffect(() => onUnauthorized(() => setMe(null)), []);
  useEffect(() => {
    if (!readApiKey()) return;
    api<Me>('/v1/me').then(setMe, () => setMe(null));
  }, []);

  const signIn = useCallback(async (key: string) => {
    const who = await api<Me>('/v1/me', { key });
    keepApiKey(key);
    setMe(who);
  }, []);
  const signOut = useCallback(() => {
    clearApiKey();
    setMe(null);
  }, []);
  const value = useMemo<Auth>(
    () => ({
      me,
      signIn,
      signOut,
      may: (permission) => me?.permissions.includes(permission) ?? false,
    }),
    [me, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
