// What every screen may need from the signed-in app shell.
import { createContext, useContext } from 'react';
import type { Session } from '../api/types';
import type { HubClient } from '../hub/hubClient';

export interface AppServices {
  session: Session;
  hub: HubClient;
  /** Replaces the session after a rename. */
  updateSession: (session: Session) => void;
  /** A one-off message shown on Home (room ended, blocked, …). */
  showNotice: (text: string) => void;
  signOut: () => Promise<void>;
  /** After "Delete my data": forget everything locally and return to Welcome. */
  forgetLocally: (notice?: string) => void;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp outside a signed-in shell');
  return ctx;
}
