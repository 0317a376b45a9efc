// A live "time left" display for a deadline on the local clock.
import { useNow } from '../app/hooks';
import { describeDuration, formatCountdown, secondsUntil } from '../lib/format';

interface Props {
  deadline: number;
  testId?: string;
  className?: string;
}

export function Countdown({ deadline, testId, className }: Props) {
  const now = useNow(1000);
  const left = secondsUntil(deadline, now);
  return (
    <time
      className={className ?? 'countdown'}
      data-testid={testId}
      dateTime={`PT${left}S`}
      aria-label={`${describeDuration(left)} left`}
      data-urgent={left <= 60 ? 'true' : undefined}
    >
      {formatCountdown(left)}
    </time>
  );
}
