// Random matchmaking: Search, a live "searching" state, Cancel search.
// MatchFound itself is handled by the app shell (it navigates from anywhere).
import { useCallback, useEffect, useState } from 'react';
import { matchApi } from '../../api/endpoints';
import { ApiError } from '../../api/http';
import type { SearchState } from '../../api/types';
import { useApp } from '../../app/context';
import { useNow } from '../../app/hooks';
import { ErrorText } from '../../components/ErrorText';
import { InterestsInput } from '../../components/InterestsInput';
import { describeError } from '../../lib/errors';
import { formatCountdown } from '../../lib/format';
import { navigate, roomPath } from '../../lib/router';

const NO_MATCH = 'No one found, try again';

function startOf(state: SearchState): number {
  const since = state.since ? Date.parse(state.since) : NaN;
  // Never in the future: the server clock may be ahead of ours.
  return Number.isNaN(since) ? Date.now() : Math.min(since, Date.now());
}

export function SearchPanel() {
  const { hub } = useApp();
  const [phase, setPhase] = useState<'idle' | 'starting' | 'searching' | 'cancelling'>('idle');
  const [startedAt, setStartedAt] = useState(0);
  const [interests, setInterests] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const apply = useCallback((state: SearchState, live: boolean) => {
    if (state.state === 'searching') {
      setPhase('searching');
      setStartedAt(startOf(state));
      if (state.interests) setInterests(state.interests);
    } else if (state.state === 'matched' && state.roomId && live) {
      // Only a match that happened while we were searching: an old "matched" state
      // would otherwise bounce someone back into a room they just left.
      navigate(roomPath(state.roomId));
    } else {
      setPhase('idle');
      // A timed-out state found on first load may be old news; only announce it live.
      if (state.state === 'timed-out' && live) setMessage(NO_MATCH);
    }
  }, []);

  // Resume a search started earlier (another tab, before a reload, after Skip).
  useEffect(() => {
    let alive = true;
    matchApi.state().then((s) => alive && apply(s, false), () => undefined);
    return () => {
      alive = false;
    };
  }, [apply]);

  useEffect(
    () =>
      hub.on('NoMatch', () => {
        setPhase('idle');
        setMessage(NO_MATCH);
      }),
    [hub],
  );

  // Hub events can be missed during a reconnect; a slow poll catches up.
  useEffect(() => {
    if (phase !== 'searching') return;
    const t = setInterval(() => {
      matchApi.state().then((s) => apply(s, true), () => undefined);
    }, 5000);
    return () => clearInterval(t);
  }, [phase, apply]);

  const search = async () => {
    setPhase('starting');
    setMessage(null);
    setError(null);
    try {
      const state = await matchApi.search(interests);
      apply(state.state === 'idle' ? { ...state, state: 'searching' } : state, true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // Already searching (another tab): show that search.
        matchApi.state().then((s) => apply(s, false), () => setPhase('idle'));
        return;
      }
      setPhase('idle');
      setError(describeError(e));
    }
  };

  const cancel = async () => {
    setPhase('cancelling');
    setError(null);
    try {
      await matchApi.cancel();
    } catch (e) {
      // 409 means the search had already ended: idle is the truth either way.
      if (!(e instanceof ApiError && e.status === 409)) setError(describeError(e));
    }
    setPhase('idle');
  };

  const searching = phase === 'searching' || phase === 'cancelling';
  return (
    <section className="card stack search-panel" aria-labelledby="search-title">
      <h2 id="search-title">Meet someone new</h2>
      {searching ? (
        <SearchingState
          startedAt={startedAt}
          interests={interests}
          cancelling={phase === 'cancelling'}
          onCancel={cancel}
        />
      ) : (
        <>
          <p className="hint">We pair you with one random person in a private, two-person room.</p>
          <InterestsInput value={interests} onChange={setInterests} disabled={phase === 'starting'} />
          <button type="button" className="btn btn-primary btn-xl" onClick={search} disabled={phase === 'starting'}>
            Search
          </button>
        </>
      )}
      <div role="status" aria-live="polite">
        {message && (
          <p className="callout callout-warn" data-testid="no-match">
            {message}
          </p>
        )}
      </div>
      <ErrorText message={error} />
    </section>
  );
}

interface SearchingProps {
  startedAt: number;
  interests: string[];
  cancelling: boolean;
  onCancel: () => void;
}

function SearchingState({ startedAt, interests, cancelling, onCancel }: SearchingProps) {
  const now = useNow(1000);
  const elapsed = Math.max(0, Math.floor((now - startedAt) / 1000));
  return (
    <div className="searching" data-testid="searching">
      <div className="pulse" aria-hidden="true" />
      <p className="searching-text">
        Searching…{' '}
        <span className="mono" data-testid="search-elapsed" aria-label={`${elapsed} seconds elapsed`}>
          {formatCountdown(elapsed)}
        </span>
      </p>
      {interests.length > 0 && <p className="hint">Interests: {interests.join(', ')}</p>}
      <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={cancelling}>
        Cancel search
      </button>
    </div>
  );
}
