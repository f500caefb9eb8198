import { createContext, useContext } from 'react';
import type { SessionInfo } from './api.js';

export const SessionContext = createContext<{ session: SessionInfo; refresh: () => Promise<void> } | null>(
  null,
);

export function useSession() {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the app');
  return s;
}
