// /room/{id}: wires a RoomSession to the screen.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useApp } from '../../app/context';
import { Countdown } from '../../components/Countdown';
import { ErrorText } from '../../components/ErrorText';
import { Link } from '../../components/Link';
import { formatCountdown } from '../../lib/format';
import { navigate } from '../../lib/router';
import { describeTyping } from '../../room/typing';
import { goneNotice, RoomSession } from '../../room/roomSession';
import { kindLabel } from '../home/EnclaveList';
import { Composer } from './Composer';
import { MemberList } from './MemberList';
import { MessageList } from './MessageList';
import { RoomActions } from './RoomActions';
import { ShareBox } from './ShareBox';

export function RoomScreen({ roomId }: { roomId: string }) {
  const { session, hub, showNotice } = useApp();
  const [roomSession, setRoomSession] = useState<RoomSession | null>(null);
  const userId = session.user.id;
  // Read through a ref so a new callback identity (e.g. after a rename) does not rebuild the room.
  const showNoticeRef = useRef(showNotice);
  showNoticeRef.current = showNotice;
  const meRef = useRef(session.user);
  meRef.current = session.user;

  useEffect(() => {
    const s = new RoomSession({
      roomId,
      me: meRef.current,
      hub,
      onGone: (reason) => {
        showNoticeRef.current(goneNotice(reason));
        navigate('/');
      },
    });
    setRoomSession(s);
    void s.start();
    return () => s.dispose();
    // Only a different room, connection or user needs a new session (not a rename).
  }, [roomId, hub, userId]);

  if (!roomSession) return <p className="hint">Opening room…</p>;
  return <RoomView key={roomId} roomId={roomId} rs={roomSession} />;
}

function RoomView({ roomId, rs }: { roomId: string; rs: RoomSession }) {
  const { session } = useApp();
  const snap = useSyncExternalStore(rs.subscribe, rs.getSnapshot);
  const me = session.user;

  if (snap.phase === 'error') {
    return (
      <section className="card stack" data-testid="room" data-room-id={roomId}>
        <h1>Could not open the room</h1>
        <ErrorText message={snap.error} />
        <Link href="/" className="btn btn-secondary">Back home</Link>
      </section>
    );
  }
  if (snap.phase === 'loading' || !snap.room) {
    return (
      <section className="room" data-testid="room" data-room-id={roomId} aria-busy="true">
        <p className="hint">Opening room…</p>
      </section>
    );
  }

  const room = snap.room;
  const typingText = describeTyping(snap.typing);
  return (
    <section className="room" data-testid="room" data-room-id={roomId} aria-labelledby="room-title">
      <header className="room-header">
        <div className="room-title">
          <h1 id="room-title">{kindLabel(room)}</h1>
          {snap.deadline !== null && (
            <p className="time-left">
              Time left <Countdown deadline={snap.deadline} testId="countdown" />
            </p>
          )}
        </div>
        <ShareBox room={room} me={me} invite={snap.invite} />
      </header>

      {snap.expiringSeconds !== null && (
        <div className="banner banner-warn" role="alert" data-testid="expiring">
          This room will be destroyed in about {formatCountdown(snap.expiringSeconds)}.
          <button type="button" className="btn-link" onClick={() => rs.dismissExpiring()}>
            Dismiss
          </button>
        </div>
      )}
      {snap.warning && <p className="banner banner-warn" role="status">{snap.warning}</p>}
      {!snap.hasKey && (
        <p className="banner banner-info" role="status" data-testid="waiting-for-key">
          Waiting for a member to share the room key
          {snap.waitingForKey > 0 ? ` (${snap.waitingForKey} message${snap.waitingForKey === 1 ? '' : 's'} waiting to be decrypted)` : ''}.
        </p>
      )}

      <div className="room-body">
        <div className="conversation">
          <MessageList
            me={me}
            dispatches={snap.dispatches}
            members={room.members}
            peers={snap.peers}
            onRetry={(id) => void rs.retry(id).catch(() => undefined)}
          />
          <Composer
            disabled={!snap.hasKey}
            disabledReason="Waiting for the room key…"
            typingText={typingText}
            onSend={(body) => rs.send(body)}
            onTyping={() => rs.typing()}
          />
        </div>
        <aside className="room-side">
          <MemberList me={me} members={room.members} peers={snap.peers} live={snap.live} />
          <RoomActions room={room} session={rs} />
        </aside>
      </div>
    </section>
  );
}
