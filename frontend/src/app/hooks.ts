// Small shared React hooks.
import { useEffect, useState } from 'react';
import type { HubClient, HubState } from '../hub/hubClient';

/** The current time, refreshed every `intervalMs` (for countdowns and timers). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export function useHubState(hub: HubClient): HubState {
  const [state, setState] = useState<HubState>(hub.state);
  useEffect(() => {
    setState(hub.state);
    return hub.onState(setState);
  }, [hub]);
  return state;
}
