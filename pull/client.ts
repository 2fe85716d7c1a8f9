/**
 * Talking to the Pureservice REST API: one GET at a time, with the key in
 * its header, a timeout on every request, pacing under the tenant's rate
 * limit, and bounded retries (429 honouring Retry-After; 5xx, timeouts and
 * dropped connections with exponential backoff and jitter).
 *
 * The key is held here and nowhere else: it is never part of a URL, a
 * message or an error (every message passes through `redact`).
 */
import { PsaError } from '../core/errors.ts';
import type { ApiConfig } from './api-config.ts';
import { pullMessages } from './messages.ts';

/** A failure talking to the API; its message is safe to show (no key). */
export class ApiError extends PsaError {
  override name = 'ApiError';
  constructor(
    message: string,
    /** `auth`: the key was refused; `usage`: the URL is not one psa may call; `api`: anything else. */
    readonly kind: 'auth' | 'usage' | 'api' = 'api',
    readonly status: number | null = null,
  ) {
    super(kind === 'usage' ? 'usage' : 'network', message);
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The API base URL, checked: HTTPS, or plain HTTP to a loopback address
 * only (a key sent over plain HTTP can be read on the way); no user name or
 * password, query or fragment. Returned without a trailing slash.
 */
export function checkBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ApiError(pullMessages.badUrl(text), 'usage');
  }
  if (url.username !== '' || url.password !== '') throw new ApiError(pullMessages.credentialsInUrl(), 'usage');
  if (url.search !== '' || url.hash !== '') throw new ApiError(pullMessages.queryInUrl(url.origin + url.pathname), 'usage');
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) throw new ApiError(pullMessages.notHttps(url.origin), 'usage');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ApiError(pullMessages.badUrl(text), 'usage');
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

export interface ClientStats {
  requests: number;
  retries: number;
  bytes: number;
}

export interface ClientOptions {
  /** Told about each retry before its wait (for progress lines). */
  readonly onRetry?: (info: { reason: string; waitMs: number; attempt: number }) => void;
  /** For tests: the source of jitter. */
  readonly random?: () => number;
}

export interface ApiResponse {
  readonly body: unknown;
  /** The body as received. */
  readonly text: string;
  readonly raw: Buffer;
  readonly bytes: number;
}

export class PureserviceClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, bytes: 0 };
  private readonly sent: number[] = [];
  private readonly random: () => number;
  private readonly cancelled = new AbortController();

  constructor(
    readonly baseUrl: URL,
    private readonly key: string,
    private readonly config: ApiConfig,
    private readonly options: ClientOptions = {},
  ) {
    this.random = options.random ?? Math.random;
  }

  /** `path` relative to the base URL with `query`; the parsed JSON body. */
  async get(path: string, query: Readonly<Record<string, string>>): Promise<ApiResponse> {
    const url = new URL(path, `${this.baseUrl.href}/`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const { maxAttempts } = this.config.retry;
    for (let attempt = 1; ; attempt++) {
      if (this.cancelled.signal.aborted) throw new ApiError(pullMessages.cancelled());
      await this.pace();
      const outcome = await this.attempt(url);
      if (outcome.ok) return outcome.response;
      if (!outcome.retry || attempt >= maxAttempts) {
        throw new ApiError(attempt > 1 && outcome.retry ? pullMessages.gaveUp(maxAttempts, outcome.reason) : outcome.reason, outcome.kind, outcome.status);
      }
      const waitMs = outcome.retryAfterMs ?? this.backoff(attempt);
      this.stats.retries++;
      this.options.onRetry?.({ reason: outcome.reason, waitMs, attempt });
      await sleep(waitMs, this.cancelled.signal);
    }
  }

  /** Stops every request in flight or waiting to be retried (a pull that failed while the next page was on its way). */
  cancel(): void {
    this.cancelled.abort();
  }

  private async attempt(
    url: URL,
  ): Promise<
    | { ok: true; response: ApiResponse }
    | { ok: false; retry: boolean; reason: string; kind: 'auth' | 'api'; status: number | null; retryAfterMs?: number }
  > {
    const where = `${url.origin}${url.pathname}`;
    this.stats.requests++;
    let response: Response;
    let text: string;
    let raw: Buffer;
    try {
      response = await fetch(url, {
        headers: { Accept: this.config.mediaType, [this.config.keyHeader]: this.key },
        signal: AbortSignal.any([AbortSignal.timeout(this.config.timeoutMs), this.cancelled.signal]),
        redirect: 'error',
      });
      // Buffer's UTF-8 decoding is several times faster than Response.text() on pages of æøå.
      raw = Buffer.from(await response.arrayBuffer());
      text = raw.toString('utf8');
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      const reason =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? pullMessages.timeout(where, this.config.timeoutMs)
          : pullMessages.network(where, e.cause?.code ?? e.cause?.message ?? e.message);
      return { ok: false, retry: true, reason: this.redact(reason), kind: 'api', status: null };
    }
    this.stats.bytes += raw.length;
    const status = response.status;
    if (status === 401 || status === 403) return { ok: false, retry: false, reason: pullMessages.keyRefused(status, where), kind: 'auth', status };
    if (status === 429) {
      const retryAfterMs = this.retryAfter(response.headers.get('retry-after'));
      return { ok: false, retry: true, reason: pullMessages.rateLimited(where), kind: 'api', status, ...(retryAfterMs !== null ? { retryAfterMs } : {}) };
    }
    if (status >= 500) {
      const retryAfterMs = this.retryAfter(response.headers.get('retry-after'));
      return { ok: false, retry: true, reason: pullMessages.serverError(status, where), kind: 'api', status, ...(retryAfterMs !== null ? { retryAfterMs } : {}) };
    }
    if (status < 200 || status >= 300) {
      return { ok: false, retry: false, reason: this.redact(pullMessages.httpError(status, where, excerpt(text))), kind: 'api', status };
    }
    try {
      return { ok: true, response: { body: JSON.parse(text), text, raw, bytes: raw.length } };
    } catch {
      // A body cut short on the way is worth another try; a server that answers in HTML is not fixed by one, but it costs little.
      return { ok: false, retry: true, reason: pullMessages.notJson(where), kind: 'api', status };
    }
  }

  /** Retry-After in seconds or as an HTTP date, capped; null when absent or unreadable. */
  private retryAfter(header: string | null): number | null {
    if (header === null || header.trim() === '') return null;
    const cap = this.config.retry.maxRetryAfterSeconds * 1000;
    const seconds = Number(header.trim());
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(cap, seconds * 1000);
    const date = Date.parse(header);
    if (Number.isNaN(date)) return null;
    return Math.min(cap, Math.max(0, date - Date.now()));
  }

  /** Exponential backoff with "equal jitter": half the step for sure, the other half at random, so retries spread out but never hammer. */
  private backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.config.retry;
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return step / 2 + this.random() * (step / 2);
  }

  /** Waits until one more request stays within requestsPerMinute in the last 60 s. */
  private async pace(): Promise<void> {
    const limit = this.config.requestsPerMinute;
    if (limit <= 0) return;
    for (;;) {
      const now = Date.now();
      while (this.sent.length > 0 && this.sent[0]! <= now - 60_000) this.sent.shift();
      if (this.sent.length < limit) {
        this.sent.push(now);
        return;
      }
      await sleep(this.sent[0]! + 60_000 - now, this.cancelled.signal);
      if (this.cancelled.signal.aborted) return;
    }
  }

  /** Removes the key from text that may be shown (an echo in an error body, say). */
  redact(text: string): string {
    return this.key.length > 0 ? text.split(this.key).join('[key]') : text;
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
