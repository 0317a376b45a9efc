// Private rooms (just you and people you invite) and group enclaves. The
// creator's browser makes the room key here; it never reaches the server.
import { useId, useState } from 'react';
import { roomsApi } from '../../api/endpoints';
import type { Lifetime, RoomKind } from '../../api/types';
import { ErrorText } from '../../components/ErrorText';
import { describeError } from '../../lib/errors';
import { navigate, roomPath } from '../../lib/router';
import { inviteStore } from '../../lib/storage';
import { mintRoomKey } from '../../room/roomKey';

const LIFETIMES: Array<{ value: Lifetime; label: string }> = [
  { value: '10m', label: '10 min' },
  { value: '1h', label: '1 hour' },
  { value: '24h', label: '24 hours' },
];

export function CreateRoomPanel() {
  const id = useId();
  // Quick rooms default to ten minutes, as the rooms service does when no lifetime is given.
  const [lifetime, setLifetime] = useState<Lifetime>('10m');
  const [busy, setBusy] = useState<RoomKind | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (kind: RoomKind) => {
    setBusy(kind);
    setError(null);
    try {
      const room = await roomsApi.create(kind, lifetime);
      await mintRoomKey(room.id);
      if (room.invite) inviteStore.set(room.id, room.invite);
      navigate(roomPath(room.id));
    } catch (e) {
      setError(describeError(e));
      setBusy(null);
    }
  };

  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Start a room</h2>
      <p className="hint">Invite people with a link. The room and every message in it are destroyed when time runs out.</p>
      <fieldset className="segmented">
        <legend>Lifetime</legend>
        {LIFETIMES.map((l) => (
          <label key={l.value} className="segment">
            <input
              type="radio"
              name={`${id}-lifetime`}
              value={l.value}
              checked={lifetime === l.value}
              onChange={() => setLifetime(l.value)}
            />
            <span>{l.label}</span>
          </label>
        ))}
      </fieldset>
      <div className="row wrap">
        <button type="button" className="btn btn-primary" onClick={() => create('private')} disabled={busy !== null}>
          Create private room
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => create('enclave')} disabled={busy !== null}>
          Create group enclave
        </button>
      </div>
      <div aria-live="polite" className="hint">{busy ? 'Creating room…' : ''}</div>
      <ErrorText message={error} />
    </section>
  );
}
