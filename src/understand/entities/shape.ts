/** Word shape: letters to X/x, digits to d, other characters kept ("Al-Assad" → "Xx-Xxxxx"). */
export function wordShape(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) out += 'X';
    else if (c >= 97 && c <= 122) out += 'x';
    else if (c >= 48 && c <= 57) out += 'd';
    else if (c > 127) {
      const ch = word[i] ?? '';
      const lower = ch.toLowerCase();
      const upper = ch.toUpperCase();
      out += lower !== upper ? (ch === upper ? 'X' : 'x') : 'o';
    } else out += word[i];
  }
  return out;
}

/** Shape with runs collapsed ("Xxxxx" → "Xx"), so length does not split otherwise equal evidence. */
export function shortShape(word: string): string {
  const shape = wordShape(word);
  let out = '';
  for (let i = 0; i < shape.length; i++) {
    if (i === 0 || shape[i] !== shape[i - 1]) out += shape[i];
  }
  return out;
}

export function isCapitalised(word: string): boolean {
  const first = word[0];
  return first !== undefined && first !== first.toLowerCase() && first === first.toUpperCase();
}

export function isAllCaps(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
}

/** Lower case with digits folded to 0, so "1996" and "2020" share weights. */
export function normaliseWord(word: string): string {
  return word.toLowerCase().replace(/[0-9]/g, '0');
}
