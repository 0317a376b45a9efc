// The conversation. Each message says who sent it ("You" is decided by the
// authenticated sender id) and carries test hooks for the path it came by.
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Member, User } from '../../api/types';
import { formatClock } from '../../lib/format';
import type { DispatchView } from '../../room/dispatchInbox';
import type { PeerView } from '../../room/roomSession';

interface Props {
  me: User;
  dispatches: readonly DispatchView[];
  members: Member[];
  peers: PeerView[];
  onRetry: (id: string) => void;
}

export function MessageList({ me, dispatches, members, peers, onRetry }: Props) {
  const listRef = useRef<HTMLOListElement>(null);
  const stickRef = useRef(true);

  // Follow new messages only when the reader is already at the bottom.
  useEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const onScroll = () => {
      stickRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stickRef.current) el.scrollTop = el.scrollHeight;
  }, [dispatches]);

  const nameOf = (userId: string) =>
    members.find((m) => m.id === userId)?.name ?? peers.find((p) => p.userId === userId)?.name ?? 'Former member';

  return (
    <ol
      ref={listRef}
      className="messages"
      aria-live="polite"
      aria-relevant="additions"
      aria-label="Messages"
      tabIndex={0}
    >
      {dispatches.length === 0 && <li className="empty">No messages yet. Say hello.</li>}
      {dispatches.map((d) => {
        const mine = d.senderId === me.id;
        return (
          <li
            key={d.id}
            className={`message ${mine ? 'mine' : ''}`}
            data-testid="dispatch"
            data-dispatch-id={d.id}
            data-via={d.via}
          >
            <div className="message-meta">
              <span className="sender">{mine ? me.name : nameOf(d.senderId)}</span>
              {mine && <span className="tag">You</span>}
              <time dateTime={d.sentAt}>{formatClock(d.sentAt)}</time>
              {d.status === 'sending' && <span className="send-state">sending…</span>}
              {d.status === 'failed' && (
                <span className="send-state failed">
                  not saved{' '}
                  <button type="button" className="btn-link" onClick={() => onRetry(d.id)}>
                    Retry
                  </button>
                </span>
              )}
            </div>
            <p className="message-body">{d.body}</p>
          </li>
        );
      })}
    </ol>
  );
}
