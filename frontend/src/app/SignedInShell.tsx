// Everything that exists only while signed in: the hub connection, the
// routes, and the services screens get through AppContext.
import { useEffect, useMemo, useState } from 'react';
import type { Session } from '../api/types';
import { ReconnectBanner } from '../components/ReconnectBanner';
import { HubClient } from '../hub/hubClient';
import { navigate, roomPath, type Route } from '../lib/router';
import { AccountScreen } from '../screens/Account';
import { Home } from '../screens/home/Home';
import { JoinScreen } from '../screens/Join';
import { NotFound } from '../screens/NotFound';
import { RoomScreen } from '../screens/room/Room';
import { AppContext, type AppServices } from './context';

interface Props {
  session: Session;
  route: Route;
  notice: string | null;
  setNotice: (text: string | null) => void;
  updateSession: (session: Session) => void;
  signOut: (hub: HubClient) => Promise<void>;
  forgetLocally: (hub: HubClient, notice?: string) => void;
}

export function SignedInShell({ session, route, notice, setNotice, updateSession, signOut, forgetLocally }: Props) {
  // One connection per signed-in user (the shell is keyed by user id).
  const [hub] = useState(() => new HubClient());

  useEffect(() => {
    hub.start();
    return () => void hub.stop();
  }, [hub]);

  // A match can be found while the user looks at any screen.
  useEffect(() => hub.on('MatchFound', (e) => navigate(roomPath(e.roomId))), [hub]);

  const services = useMemo<AppServices>(
    () => ({
      session,
      hub,
      updateSession,
      showNotice: (text) => setNotice(text),
      signOut: () => signOut(hub),
      forgetLocally: (text) => forgetLocally(hub, text),
    }),
    [session, hub, updateSession, setNotice, signOut, forgetLocally],
  );

  let screen;
  switch (route.name) {
    case 'home':
      screen = <Home notice={notice} onDismissNotice={() => setNotice(null)} />;
      break;
    case 'room':
      screen = <RoomScreen key={route.id} roomId={route.id} />;
      break;
    case 'join':
      screen = <JoinScreen key={route.id} roomId={route.id} />;
      break;
    case 'account':
      screen = <AccountScreen />;
      break;
    default:
      screen = <NotFound />;
  }

  return (
    <AppContext.Provider value={services}>
      <ReconnectBanner hub={hub} />
      {screen}
    </AppContext.Provider>
  );
}
