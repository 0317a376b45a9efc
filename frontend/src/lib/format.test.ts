import { describe, expect, it } from 'vitest';
import { describeDuration, formatCountdown, secondsUntil } from './format';

describe('formatCountdown', () => {
  it.each([
    [599, '9:59'],
    [3540, '59:00'],
    [86399, '23:59:59'],
    [86400, '1d 00h'],
    [30 * 86400, '30d 00h'],
    [29 * 86400 + 23 * 3600 + 59 * 60 + 59, '29d 23h'],
    [3600, '1:00:00'],
    [0, '0:00'],
    [-5, '0:00'],
    [59.9, '0:59'],
    [5, '0:05'],
    [61, '1:01'],
    [Number.NaN, '0:00'],
    [Number.POSITIVE_INFINITY, '0:00'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatCountdown(seconds)).toBe(text);
  });
});

describe('secondsUntil', () => {
  it('rounds up and never goes negative', () => {
    expect(secondsUntil(10_500, 10_000)).toBe(1);
    expect(secondsUntil(10_000, 10_000)).toBe(0);
    expect(secondsUntil(9_000, 10_000)).toBe(0);
    expect(secondsUntil(70_000, 10_000)).toBe(60);
  });
});

describe('describeDuration', () => {
  it('reads naturally', () => {
    expect(describeDuration(3900)).toBe('1 hour 5 minutes');
    expect(describeDuration(60)).toBe('1 minute');
    expect(describeDuration(61)).toBe('1 minute 1 second');
    expect(describeDuration(45)).toBe('45 seconds');
    expect(describeDuration(0)).toBe('0 seconds');
    expect(describeDuration(30 * 86400)).toBe('30 days');
    expect(describeDuration(86400 + 7200 + 30)).toBe('1 day 2 hours');
  });
});
