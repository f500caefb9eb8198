/** The canonical string for a set of stage versions: equal sets give equal keys, whatever their order. */
export function versionsKey(versions: Record<string, string>): string {
  return Object.keys(versions)
    .sort()
    .map((k) => `${k}=${versions[k]}`)
    .join(';');
}

/**
 * A substring found in a stored analysis (JSON.stringify'd, as both stores save it) exactly when a stage
 * failed: `error` is an object key only in `stages`, and inside a JSON string the quote before `:` would be
 * escaped. Lets the store count failed analyses without parsing every one.
 */
export const FAILED_STAGE_MARK = '"error":{';
