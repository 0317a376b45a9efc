// Small system-status line from GET /api/status, refreshed every minute.
import { useEffect, useState } from 'react';
import { statusApi } from '../api/endpoints';
import type { SystemStatus } from '../api/types';

export function StatusFooter() {
  const [status, setStatus] = useState<SystemStatus | null | 'unavailable'>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      statusApi.get().then(
        (s) => alive && setStatus(s && Array.isArray(s.services) ? s : 'unavailable'),
        () => alive && setStatus('unavailable'),
      );
    void load();
    const t = setInterval(load, 60_000);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, []);

  let text = 'Checking status…';
  let tone = 'unknown';
  if (status === 'unavailable') {
    text = 'status unavailable';
  } else if (status) {
    const down = status.services.filter((s) => s.status !== 'healthy');
    tone = status.status === 'healthy' ? 'ok' : 'warn';
    text = status.status === 'healthy'
      ? 'All systems healthy'
      : `Degraded${down.length ? `: ${down.map((s) => `${s.name} ${s.status}`).join(', ')}` : ''}`;
  }
  return (
    <footer className="footer">
      <p className="status-line" data-testid="system-status" data-status={typeof status === 'object' && status ? status.status : 'unavailable'}>
        <span className={`dot dot-${tone}`} aria-hidden="true" /> {text}
      </p>
      <p className="footer-note">Messages are end-to-end encrypted and vanish with their room.</p>
    </footer>
  );
}
