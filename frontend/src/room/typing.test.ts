import { describe, expect, it } from 'vitest';
import { createThrottle, describeTyping, TypingTracker } from './typing';

describe('typing', () => {
  it('throttles sending to once per 2 s', () => {
    const gate = createThrottle(2000);
    const sent = [0, 100, 1999, 2000, 2500, 3999, 4000, 9000].filter((t) => gate(t));
    expect(sent).toEqual([0, 2000, 4000, 9000]);
  });

  it('shows typing names until they expire', () => {
    const t = new TypingTracker(3000);
    t.mark('p1', 'Ann', 0);
    t.mark('p2', 'Bob', 1000);
    t.mark('p3', 'Ann', 1000); // Ann in a second tab: listed once
    expect(t.active(500)).toEqual(['Ann', 'Bob']);
    expect(t.nextExpiry()).toBe(3000);
    expect(t.active(3500).sort()).toEqual(['Ann', 'Bob']);
    expect(t.active(4000)).toEqual([]);
    expect(t.nextExpiry()).toBeNull();
  });

  it('describes who is typing', () => {
    expect(describeTyping([])).toBe('');
    expect(describeTyping(['Ann'])).toBe('Ann is typing…');
    expect(describeTyping(['Ann', 'Bob'])).toBe('Ann and Bob are typing…');
    expect(describeTyping(['A', 'B', 'C'])).toBe('3 people are typing…');
  });
});
