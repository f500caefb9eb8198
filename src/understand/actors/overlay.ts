import type { DictionaryActor } from './types.js';

/**
 * The shipped dictionary with a team's edits: an edited actor replaces the shipped entry of the same id
 * (keeping what the edit does not speak to: demonyms, capitals, sources), a new id is added. Pure, so the
 * analyzer's resources stay a function of their inputs, and the edits' hash is part of the stage version.
 */
export function mergeActorOverlay(actorsJsonl: string, overlay: readonly DictionaryActor[]): string {
  if (!overlay.length) return actorsJsonl;
  const edits = new Map(overlay.map((a) => [a.id, a]));
  const out: string[] = [];
  for (const line of actorsJsonl.split('\n')) {
    if (!line.trim()) continue;
    const shipped = JSON.parse(line) as DictionaryActor;
    const edit = edits.get(shipped.id);
    if (!edit) {
      out.push(line);
      continue;
    }
    edits.delete(shipped.id);
    out.push(
      JSON.stringify({ ...shipped, ...edit, sources: [...new Set([...shipped.sources, 'team-edit'])] }),
    );
  }
  for (const added of edits.values()) out.push(JSON.stringify({ ...added, sources: ['team-edit'] }));
  return `${out.join('\n')}\n`;
}
