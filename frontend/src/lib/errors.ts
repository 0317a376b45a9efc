// Turns anything thrown by the API client or the hub into text a person can read.
import { ApiError } from '../api/http';

const HUB_PREFIX = /HubException:\s*/;

/**
 * SignalR wraps server messages as
 * "An unexpected error occurred invoking 'X' on the server. HubException: Room is full".
 * The part after "HubException:" is the server's own readable text.
 */
export function readableHubError(message: string): string {
  const m = HUB_PREFIX.exec(message);
  if (m) return message.slice(m.index + m[0].length).trim() || 'The server refused the request.';
  if (/^An unexpected error occurred invoking/i.test(message)) return 'The server could not complete the request.';
  return message.replace(/^Error:\s*/, '').trim() || 'Something went wrong.';
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = Object.values(error.errors).flat();
    const parts = [error.title];
    if (error.detail && error.detail !== error.title) parts.push(error.detail);
    const head = parts.join(': ');
    return fields.length ? `${head} ${fields.join(' ')}` : head;
  }
  if (error instanceof Error) return readableHubError(error.message);
  if (typeof error === 'string') return error;
  return 'Something went wrong.';
}
