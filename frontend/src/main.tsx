import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { parseInviteLink } from './lib/invite';
import { pendingJoinStore } from './lib/storage';
import './styles.css';

// Take the invite secret and room key out of the address bar before anything
// renders: they are parked for this tab only, and the URL no longer shows them
// (screenshots, history sync, extensions reading location).
const invite = parseInviteLink(window.location.pathname, window.location.hash);
if (invite) {
  pendingJoinStore.set(invite);
  window.history.replaceState(null, '', window.location.pathname);
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
