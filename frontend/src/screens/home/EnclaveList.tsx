// "My enclaves": the rooms I belong to, with members, time left and a link in.
import { useEffect, useState } from 'react';
import { roomsApi } from '../../api/endpoints';
import type { Room } from '../../api/types';
import { useNow } from '../../app/hooks';
import { Countdown } from '../../components/Countdown';
import { ErrorText } from '../../components/ErrorText';
import { Link } from '../../components/Link';
import { describeError } from '../../lib/errors';
import { roomPath } from '../../lib/router';

interface Listed {
  room: Room;
  deadline: number;
}

export function kindLabel(room: Pick<Room, 'kind' | 'origin'>): string {
  if (room.origin === 'match') return 'Match';
  return room.kind === 'private' ? 'Private room' : 'Group enclave';
}

export function EnclaveList({ selfId }: { selfId: string }) {
  const [rooms, setRooms] = useState<Listed[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(5000);

  useEffect(() => {
    let alive = true;
    const load = () =>
      roomsApi.list().then(
        (list) => {
          if (!alive) return;
          const at = Date.now();
          setRooms(list.map((room) => ({ room, deadline: at + room.secondsLeft * 1000 })));
          setError(null);
        },
        (e) => alive && setError(describeError(e)),
      );
    void load();
    const t = setInterval(load, 30_000);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, []);

  const visible = rooms?.filter((r) => r.deadline > now) ?? [];
  return (
    <section className="card stack" aria-labelledby="enclaves-title">
      <h2 id="enclaves-title">My enclaves</h2>
      <ErrorText message={error} />
      {rooms === null && !error && <p className="hint">Loading…</p>}
      {rooms !== null && visible.length === 0 && <p className="hint">No rooms yet. Search or start one above.</p>}
      {visible.length > 0 && (
        <ul className="room-list">
          {visible.map(({ room, deadline }) => {
            const others = room.members.filter((m) => m.id !== selfId).map((m) => m.name);
            return (
              <li key={room.id} className="room-item" data-testid="my-room" data-room-id={room.id}>
                <Link href={roomPath(room.id)} className="room-link">
                  <span className="room-kind">{kindLabel(room)}</span>
                  <span className="room-members">
                    {others.length ? `with ${others.join(', ')}` : 'only you so far'}
                  </span>
                </Link>
                <span className="room-time">
                  <Countdown deadline={deadline} /> left
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
