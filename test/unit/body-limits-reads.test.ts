import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodyLimits } from '../../src/serve/auth/body-limits.js';

// Issue 15 soak: the body limit asked every request for its body, and under @hono/node-server that builds a
// whole fetch Request (AbortController, listener, finalizer) per GET. A request without Content-Length or
// Transfer-Encoding has no body: the limit must not ask for it, and must still refuse a body over it.

function app(touched: string[]) {
  const a = new Hono();
  a.use('*', async (c, next) => {
    const raw = c.req.raw;
    const body = raw.body;
    // Records whether anything after this point asks for the body.
    Object.defineProperty(raw, 'body', {
      get: () => {
        touched.push(`${c.req.method} ${c.req.path}`);
        return body;
      },
    });
    await next();
  });
  a.use('*', bodyLimits());
  a.get('/api/articles', (c) => c.json({ ok: true }));
  a.post('/api/session', async (c) => c.json({ got: (await c.req.text()).length }));
  return a;
}

describe('body limits', () => {
  it('leave a request without a body alone', async () => {
    const touched: string[] = [];
    const res = await app(touched).request('/api/articles');
    expect(res.status).toBe(200);
    expect(touched).toEqual([]);
  });

  it('still read and refuse a body over the limit, declared or chunked', async () => {
    const touched: string[] = [];
    const a = app(touched);
    const big = 'x'.repeat(200_000);
    const declared = await a.request('/api/session', {
      method: 'POST',
      body: big,
      headers: { 'content-length': String(big.length) },
    });
    expect(declared.status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await a.request('/api/session', {
      method: 'POST',
      body: stream,
      headers: { 'transfer-encoding': 'chunked' },
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const small = await a.request('/api/session', {
      method: 'POST',
      body: 'hi',
      headers: { 'content-length': '2' },
    });
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual({ got: 2 });
    expect(touched.length).toBeGreaterThan(0);
  });
});
