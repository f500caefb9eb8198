/**
 * The key actor names are matched by: case, diacritics, punctuation, the Arabic article ("al-", "el-",
 * "ad-"…), Arabic/Persian letter variants and tatweel, and "'s" do not count. "Bashar al-Assad",
 * "BASHAR AL ASSAD" and "Bashar Assad" all become "bashar assad".
 */
export function aliasKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, '')
    .replace(/\u0640/g, '')
    .replace(/[أإآ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/[يی]/g, 'ي')
    .replace(/[كک]/g, 'ك')
    .replace(/ة/g, 'ه')
    .replace(/\u200c/g, ' ')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/[.'"“”,()]/g, '')
    .replace(/[-_/]/g, ' ')
    .replace(/\b(?:al|el|ad|ar|as|ash|at|az|an|ul)\s+(?=\S)/g, '')
    .replace(/(^|\s)ال(?=\S{2,})/g, '$1')
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
