// Members and how each online tab is connected: direct, relay (TURN),
// server (no data channel: messages go via history) or connecting.
import type { Member, User } from '../../api/types';
import type { LinkKind } from '../../rtc/linkStats';
import type { PeerView } from '../../room/roomSession';

interface Props {
  me: User;
  members: Member[];
  peers: PeerView[];
  live: boolean;
}

const LINK_TEXT: Record<LinkKind, string> = {
  direct: 'direct',
  relay: 'relay',
  server: 'via server',
  connecting: 'connecting…',
};

const LINK_HELP: Record<LinkKind, string> = {
  direct: 'Peer-to-peer connection',
  relay: 'Peer-to-peer through a TURN relay (still end-to-end encrypted)',
  server: 'No direct channel: messages travel via the server, encrypted',
  connecting: 'Setting up a direct connection',
};

export function MemberList({ me, members, peers, live }: Props) {
  const memberIds = new Set(members.map((m) => m.id));
  const others = members.filter((m) => m.id !== me.id);
  const strays = peers.filter((p) => !memberIds.has(p.userId) && p.userId !== me.id);
  const myOtherTabs = peers.filter((p) => p.userId === me.id);
  return (
    <section className="members" aria-labelledby="members-title">
      <h2 id="members-title">
        Members <span className="count">{members.length || 1}</span>
      </h2>
      <ul className="member-list">
        <li className="member" data-testid="self">
          <span className={`presence ${live ? 'on' : 'off'}`} aria-hidden="true" />
          <span className="member-name">{me.name}</span> <span className="tag">You</span>
        </li>
        {myOtherTabs.map((p) => (
          <PeerRow key={p.peerId} peer={p} label={`${p.name} (your other tab)`} />
        ))}
        {others.map((m) => {
          const tabs = peers.filter((p) => p.userId === m.id);
          if (tabs.length === 0) {
            return (
              <li key={m.id} className="member offline" data-testid="member-offline" data-member-name={m.name}>
                <span className="presence off" aria-hidden="true" />
                <span className="member-name">{m.name}</span> <span className="link-state">offline</span>
              </li>
            );
          }
          return tabs.map((p) => <PeerRow key={p.peerId} peer={p} label={m.name} />);
        })}
        {strays.map((p) => (
          <PeerRow key={p.peerId} peer={p} label={p.name} />
        ))}
      </ul>
    </section>
  );
}

function PeerRow({ peer, label }: { peer: PeerView; label: string }) {
  return (
    <li className="member" data-testid="peer" data-peer-name={peer.name} data-link={peer.link}>
      <span className="presence on" aria-hidden="true" />
      <span className="member-name">{label}</span>{' '}
      <span className={`link-state link-${peer.link}`} title={LINK_HELP[peer.link]}>
        <span className="visually-hidden">online, </span>
        {LINK_TEXT[peer.link]}
      </span>
    </li>
  );
}
