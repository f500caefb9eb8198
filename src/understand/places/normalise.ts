import { aliasKey } from '../actors/normalise.js';

/**
 * The key place names are matched by: the actor key (case, diacritics, punctuation, the Arabic article,
 * Arabic/Persian letter variants) plus the spellings place names vary by: "Saint"/"St", "Mount"/"Mt",
 * "Fort"/"Ft". "Deir ez-Zor", "Deir EZ Zor" and "Deir Ezzor" do not meet here; the curated aliases cover them.
 */
export function placeKey(name: string): string {
  return aliasKey(name)
    .replace(/\bsaint\b/g, 'st')
    .replace(/\bsainte\b/g, 'ste')
    .replace(/\bmount\b/g, 'mt')
    .replace(/\bfort\b/g, 'ft')
    .replace(/\bez\s+(?=\S)/g, '')
    .replace(/\be(?:s|z|d|n|r|t)\s+(?=\S)/g, '');
}
