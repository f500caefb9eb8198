import type { Context } from 'hono';
import type { z } from 'zod';

// Every route validates its input with a zod schema and answers a bad one the same way:
// 400 { error: 'bad_request', message: 'param: why; …', details: [{ parameter, message }] }.

export type Parsed<T> = { ok: true; value: T } | { ok: false; res: Response };

function check<S extends z.ZodType>(
  c: Context,
  schema: S,
  input: unknown,
  whole: string,
): Parsed<z.infer<S>> {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const details = r.error.issues.map((i) => ({ parameter: i.path.join('.') || whole, message: i.message }));
  return {
    ok: false,
    res: c.json(
      {
        error: 'bad_request',
        message: details.map((d) => `${d.parameter}: ${d.message}`).join('; '),
        details,
      },
      400,
    ),
  };
}

/** The query string (or `input`: a repeated parameter as a list), checked against `schema`. */
export function parseQueryParams<S extends z.ZodType>(
  c: Context,
  schema: S,
  input: Record<string, string | string[]> = c.req.query(),
): Parsed<z.infer<S>> {
  return check(c, schema, input, '');
}

/** The JSON body, checked against `schema`; a body that is not JSON fails as a whole. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<Parsed<z.infer<S>>> {
  return check(c, schema, await c.req.json().catch(() => undefined), 'body');
}
