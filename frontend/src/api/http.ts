// fetch wrapper: JSON in, JSON out, RFC 9457 problem details turned into ApiError.

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly type?: string;
  /** Field name → messages, for 400 validation problems. */
  readonly errors: Record<string, string[]>;
  readonly retryAfterSeconds?: number;

  constructor(init: {
    status: number;
    title: string;
    detail?: string;
    type?: string;
    errors?: Record<string, string[]>;
    retryAfterSeconds?: number;
  }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type;
    this.errors = init.errors ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** The last path segment of the problem `type`, e.g. `session-expired`. */
  get slug(): string | undefined {
    return this.type?.split('/').filter(Boolean).pop();
  }

  fieldError(field: string): string | undefined {
    const entry = Object.entries(this.errors).find(([k]) => k.toLowerCase() === field.toLowerCase());
    return entry?.[1].join(' ');
  }
}

function normalizeErrors(raw: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v != null) out[k] = [String(v)];
  }
  return out;
}

const STATUS_TITLES: Record<number, string> = {
  400: 'The request was not accepted',
  401: 'You are not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many requests',
  500: 'The server had a problem',
  502: 'The service is unreachable',
  503: 'The service is unavailable',
};

export async function problemFromResponse(res: Response): Promise<ApiError> {
  const retryHeader = res.headers.get('Retry-After');
  const retryAfterSeconds = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  let body: Record<string, unknown> | null = null;
  const type = res.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      body = (await res.json()) as Record<string, unknown>;
    } catch {
      body = null;
    }
  }
  const fallbackTitle = STATUS_TITLES[res.status] ?? `Request failed (${res.status})`;
  let detail = typeof body?.detail === 'string' ? body.detail : undefined;
  if (res.status === 429 && retryAfterSeconds !== undefined && !detail) {
    detail = `Try again in ${retryAfterSeconds} s.`;
  }
  return new ApiError({
    status: res.status,
    title: typeof body?.title === 'string' && body.title ? body.title : fallbackTitle,
    detail,
    type: typeof body?.type === 'string' ? body.type : undefined,
    errors: normalizeErrors(body?.errors),
    retryAfterSeconds,
  });
}

type UnauthorizedHandler = (error: ApiError) => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** The app registers one handler that returns to Welcome when the session is gone. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  body?: unknown;
  /** Sign-in calls expect 401s for bad tokens and must not trigger the global sign-out. */
  ignoreUnauthorized?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({
      status: 0,
      title: 'Could not reach EphemChat',
      detail: 'Check your connection and try again.',
    });
  }
  if (!res.ok) {
    const error = await problemFromResponse(res);
    if (res.status === 401 && !options.ignoreUnauthorized) onUnauthorized?.(error);
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
