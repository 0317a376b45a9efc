// Leave, Destroy now (confirmed), and for one-to-one matches Skip and Block.
import { useState } from 'react';
import type { Room } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorText } from '../../components/ErrorText';
import { describeError } from '../../lib/errors';
import type { RoomSession } from '../../room/roomSession';

interface Props {
  room: Room;
  session: RoomSession;
}

export function RoomActions({ room, session }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  // A matched enclave is one-to-one while only its pair is in it; shared by link it becomes a group.
  const isMatch = room.origin === 'match' && room.members.length === 2;

  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describeError(e));
      setBusy(null);
    }
  };

  const destroy = async () => {
    setBusy('destroy');
    setDialogError(null);
    try {
      await session.destroy();
    } catch (e) {
      setDialogError(describeError(e));
      setBusy(null);
    }
  };

  return (
    <div className="room-actions">
      <div className="row wrap">
        {isMatch && (
          <>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy !== null}
              onClick={() => run('skip', () => session.skip())}
            >
              Skip
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy !== null}
              onClick={() => run('block', () => session.block())}
            >
              Block
            </button>
          </>
        )}
        <button type="button" className="btn btn-secondary" disabled={busy !== null} onClick={() => run('leave', () => session.leave())}>
          Leave
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={busy !== null}
          onClick={() => {
            setDialogError(null);
            setConfirming(true);
          }}
        >
          Destroy now
        </button>
      </div>
      <ErrorText message={error} />
      <ConfirmDialog
        open={confirming}
        title="Destroy this room?"
        confirmLabel="Confirm"
        busy={busy === 'destroy'}
        error={dialogError}
        onConfirm={destroy}
        onCancel={() => setConfirming(false)}
      >
        <p>Every message is deleted for everyone and all members are sent home. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
