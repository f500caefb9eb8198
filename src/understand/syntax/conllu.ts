/** One sentence of a CoNLL-U treebank: its syntactic words, with gold tags and a tree (heads 1-based, 0 = root). */
export interface TreebankSentence {
  id: string;
  words: string[];
  upos: string[];
  heads: number[];
  deprels: string[];
}

/**
 * Reads CoNLL-U. Multiword-token ranges ("1-2") and empty nodes ("8.1") are skipped: the parser works on the
 * syntactic words, which carry the basic tree.
 */
export function parseConllu(text: string): TreebankSentence[] {
  const out: TreebankSentence[] = [];
  let cur: TreebankSentence = fresh('');
  const flush = (): void => {
    if (cur.words.length > 0) out.push(cur);
    cur = fresh('');
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (line.startsWith('#')) {
      const m = /^# sent_id = (.*)$/.exec(line);
      if (m) cur.id = m[1] ?? '';
      continue;
    }
    const cols = line.split('\t');
    const id = cols[0] ?? '';
    if (!/^\d+$/.test(id)) continue;
    cur.words.push(cols[1] ?? '');
    cur.upos.push(cols[3] ?? '_');
    cur.heads.push(Number(cols[6]));
    cur.deprels.push(cols[7] ?? '_');
  }
  flush();
  return out;
}

function fresh(id: string): TreebankSentence {
  return { id, words: [], upos: [], heads: [], deprels: [] };
}

/** True when no two arcs cross (arcs drawn above the sentence, the root arc from position 0). */
export function isProjective(heads: readonly number[]): boolean {
  const n = heads.length;
  for (let d = 1; d <= n; d++) {
    const h = heads[d - 1] ?? 0;
    const lo = Math.min(h, d);
    const hi = Math.max(h, d);
    for (let k = lo + 1; k < hi; k++) {
      // Every word strictly between a head and its dependent must descend from that head.
      let a = k;
      while (a !== 0 && a !== h) a = heads[a - 1] ?? 0;
      if (a !== h) return false;
    }
  }
  return true;
}
