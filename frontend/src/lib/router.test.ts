import { describe, expect, it } from 'vitest';
import { matchRoute, roomPath } from './router';

describe('routes', () => {
  it('matches the four screens', () => {
    expect(matchRoute('/')).toEqual({ name: 'home' });
    expect(matchRoute('/account')).toEqual({ name: 'account' });
    expect(matchRoute('/account/')).toEqual({ name: 'account' });
    expect(matchRoute('/room/abc-1')).toEqual({ name: 'room', id: 'abc-1' });
    expect(matchRoute('/join/abc-1')).toEqual({ name: 'join', id: 'abc-1' });
  });
  it('decodes ids and rejects unknown paths', () => {
    expect(matchRoute(roomPath('a b'))).toEqual({ name: 'room', id: 'a b' });
    expect(matchRoute('/room/%E0%A4%A')).toEqual({ name: 'notFound' });
    expect(matchRoute('/room/a/b')).toEqual({ name: 'notFound' });
    expect(matchRoute('/elsewhere')).toEqual({ name: 'notFound' });
  });
});
