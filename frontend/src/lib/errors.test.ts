import { describe, expect, it } from 'vitest';
import { ApiError, problemFromResponse } from '../api/http';
import { describeError, readableHubError } from './errors';

describe('readable errors', () => {
  it('keeps the readable part of a HubException', () => {
    expect(readableHubError("An unexpected error occurred invoking 'EnterRoom' on the server. HubException: You are not a member of this room."))
      .toBe('You are not a member of this room.');
    expect(readableHubError("An unexpected error occurred invoking 'Signal' on the server."))
      .toBe('The server could not complete the request.');
    expect(describeError(new Error('Error: Connection closed'))).toBe('Connection closed');
  });

  it('shows problem title, detail and field errors', () => {
    const e = new ApiError({ status: 400, title: 'Invalid name', detail: 'Names are 1–32 characters.', errors: { name: ['Too long.'] } });
    expect(describeError(e)).toBe('Invalid name: Names are 1–32 characters. Too long.');
    expect(e.fieldError('Name')).toBe('Too long.');
  });

  it('parses problem+json responses, including the type slug', async () => {
    const res = new Response(JSON.stringify({
      type: 'https://ephemchat.app/problems/session-expired', title: 'Session expired', status: 401,
    }), { status: 401, headers: { 'Content-Type': 'application/problem+json' } });
    const e = await problemFromResponse(res);
    expect(e.slug).toBe('session-expired');
    expect(e.title).toBe('Session expired');
  });

  it('falls back to a readable title and uses Retry-After for 429', async () => {
    const res = new Response('busy', { status: 429, headers: { 'Retry-After': '7' } });
    const e = await problemFromResponse(res);
    expect(describeError(e)).toBe('Too many requests: Try again in 7 s.');
    expect(e.retryAfterSeconds).toBe(7);
  });
});
