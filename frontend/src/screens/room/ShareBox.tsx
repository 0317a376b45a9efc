// Share: builds the invite link (invite secret + room key in the fragment),
// copies it, and always shows it in a read-only field as a fallback.
import { useId, useState } from 'react';
import { roomsApi } from '../../api/endpoints';
import type { Room, User } from '../../api/types';
import { copyText } from '../../components/CopyButton';
import { describeError } from '../../lib/errors';
import { buildInviteLink } from '../../lib/invite';
import { inviteStore, roomKeyStore } from '../../lib/storage';

interface Props {
  room: Room;
  me: User;
  invite: string | null;
}

export function ShareBox({ room, me, invite }: Props) {
  const id = useId();
  const [link, setLink] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const share = async () => {
    setBusy(true);
    setStatus('');
    try {
      let secret = invite ?? inviteStore.get(room.id);
      if (!secret && room.creatorId === me.id) {
        // Only the creator may mint a new invite; doing so retires the old one.
        secret = (await roomsApi.rotateInvite(room.id)).invite;
        inviteStore.set(room.id, secret);
      }
      if (!secret) {
        setStatus(room.origin === 'match'
          ? 'Matched rooms are just for the two of you.'
          : 'Only the room creator can share an invite.');
        return;
      }
      const url = buildInviteLink(window.location.origin, room.id, secret, roomKeyStore.get(room.id));
      setLink(url);
      const copied = await copyText(url);
      setStatus(copied
        ? 'Invite link copied. Anyone with it can join and read the room.'
        : 'Copy the link below. Anyone with it can join and read the room.');
    } catch (e) {
      setStatus(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="share">
      <button type="button" className="btn btn-secondary" onClick={share} disabled={busy}>
        Share
      </button>
      {link && (
        <div className="share-link">
          <label htmlFor={id} className="visually-hidden">Invite link</label>
          <input
            id={id}
            data-testid="share-link"
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      )}
      <p className="hint" role="status">{status}</p>
    </div>
  );
}
