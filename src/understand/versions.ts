/** The canonical string for a set of stage versions: equal sets give equal keys, whatever their order. */
export function versionsKey(versions: Record<string, string>): string {
  return Object.keys(versions)
    .sort()
    .map((k) => `${k}=${versions[k]}`)
    .join(';');
}
