// Home: matchmaking, room creation, my rooms, and any notice from a room that ended.
import { useApp } from '../../app/context';
import { CreateRoomPanel } from './CreateRoomPanel';
import { EnclaveList } from './EnclaveList';
import { SearchPanel } from './SearchPanel';

interface Props {
  notice: string | null;
  onDismissNotice: () => void;
}

export function Home({ notice, onDismissNotice }: Props) {
  const { session } = useApp();
  return (
    <div className="stack-lg">
      <h1 className="visually-hidden">EphemChat home</h1>
      <div role="status" aria-live="polite">
        {notice && (
          <div className="callout callout-info notice">
            <span data-testid="notice">{notice}</span>
            <button type="button" className="btn-link" onClick={onDismissNotice} aria-label="Dismiss notice">
              Dismiss
            </button>
          </div>
        )}
      </div>
      <SearchPanel />
      <CreateRoomPanel />
      <EnclaveList selfId={session.user.id} />
    </div>
  );
}
