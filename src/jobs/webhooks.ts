import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { checkHost, guardedLookup, type AddressPolicy } from '../collect/ssrf.js';
import type { Team } from '../store/team/team.js';
import type { DeliveryJob } from '../store/team/watchlists.js';

// Outgoing webhooks for alerts. Each POST is signed, so a receiver can check it came from this desk and is
// fresh: X-Watchfloor-Signature = sha256=HMAC-SHA256(secret, "<timestamp>.<body>"). Addresses pass the same
// SSRF guard as fetching: a watchlist cannot make the server call into its own network unless allowed.

export const MAX_ATTEMPTS = 6;
/** Wait before attempt n+1 after n failures: 1 min, 5 min, 30 min, 2 h, 6 h. */
export const RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000];

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  policy: AddressPolicy,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    try {
      checkHost(url.hostname.replace(/^\[|\]$/g, ''), policy, url.hostname);
    } catch (err) {
      reject(err as Error);
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
        lookup: guardedLookup(policy) as unknown as http.RequestOptions['lookup'],
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function attempt(job: DeliveryJob, policy: AddressPolicy, timeoutMs: number): Promise<string | null> {
  const body = JSON.stringify({ type: 'watchfloor.alert', delivery: job.id, ...job.payload });
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const status = await post(
      new URL(job.url),
      body,
      {
        'user-agent': 'Watchfloor-Webhook/1',
        'x-watchfloor-delivery': String(job.id),
        'x-watchfloor-timestamp': timestamp,
        'x-watchfloor-signature': sign(job.secret, timestamp, body),
      },
      policy,
      timeoutMs,
    );
    return status >= 200 && status < 300 ? null : `HTTP ${status}`;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Sends every due delivery once; failures are rescheduled with backoff until MAX_ATTEMPTS. */
export async function deliverWebhooks(
  team: Team,
  options: { policy: AddressPolicy; timeoutMs?: number; retryDelaysMs?: readonly number[] },
): Promise<{ delivered: number; retrying: number; failed: number }> {
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const counts = { delivered: 0, retrying: 0, failed: 0 };
  for (;;) {
    const jobs = await team.deliveries.claim(20, 120_000);
    if (!jobs.length) return counts;
    for (const job of jobs) {
      const error = await attempt(job, options.policy, options.timeoutMs ?? 10_000);
      const attempts = job.attempts + 1;
      if (!error) {
        await team.deliveries.finish(job.id, { ok: true, retryAt: null });
        counts.delivered++;
      } else if (attempts < MAX_ATTEMPTS) {
        const wait = delays[Math.min(attempts - 1, delays.length - 1)] ?? 60_000;
        await team.deliveries.finish(job.id, {
          ok: false,
          error,
          retryAt: new Date(Date.now() + wait).toISOString(),
        });
        counts.retrying++;
      } else {
        await team.deliveries.finish(job.id, { ok: false, error, retryAt: null });
        counts.failed++;
      }
    }
  }
}
