// Tells the user the live connection dropped; disappears by itself once back.
import { useHubState } from '../app/hooks';
import type { HubClient } from '../hub/hubClient';

export function ReconnectBanner({ hub }: { hub: HubClient }) {
  const state = useHubState(hub);
  return (
    <div className="banner-slot" role="status" aria-live="polite">
      {state === 'reconnecting' && (
        <p className="banner banner-warn" data-testid="reconnecting">
          Reconnecting…
        </p>
      )}
    </div>
  );
}
