import { indexOfWords, normalisePhrase, wordsOf } from './text.js';

export interface CommodityMatching {
  matching: 'EXACT' | 'WORD_CONTAINMENT';
  aliases: Readonly<Record<string, readonly string[]>>;
  distinctPhrases: readonly string[];
}

const MASK = '\u0000';

/**
 * The reference entry a proposal's commodity counts as, or undefined.
 *
 * EXACT compares whole normalised phrases. WORD_CONTAINMENT also accepts a commodity whose words
 * contain the entry's words in order ("kopi arabika kalosi" counts as "kopi", "pengolahan rumput
 * laut" as "rumput laut"), but never the reverse: "kopi" is not "kopi arabika kalosi". A distinct
 * phrase ("kelapa sawit") is a commodity of its own: the words inside it do not count as a shorter
 * entry ("kelapa"), unless the entry itself contains that phrase. Aliases ({"kakao": ["cokelat"]})
 * are matched the same way and count as their entry.
 */
export function matchCommodity(
  commodity: string,
  entries: readonly string[],
  rules: CommodityMatching,
): string | undefined {
  const aliasesByEntry = new Map<string, string[]>();
  for (const [entry, aliases] of Object.entries(rules.aliases)) {
    aliasesByEntry.set(normalisePhrase(entry), aliases.map(normalisePhrase));
  }
  const commodityNormal = normalisePhrase(commodity);
  const commodityWords = wordsOf(commodity);
  const distinct = rules.distinctPhrases.map(wordsOf).filter((words) => words.length > 0);

  for (const entry of entries) {
    const entryNormal = normalisePhrase(entry);
    if (entryNormal === '') continue;
    const names = [entryNormal, ...(aliasesByEntry.get(entryNormal) ?? [])];
    const matched = names.some((name) =>
      rules.matching === 'EXACT'
        ? name === commodityNormal
        : indexOfWords(maskDistinct(commodityWords, distinct, wordsOf(name)), wordsOf(name)) >= 0,
    );
    if (matched) return entry;
  }
  return undefined;
}

function maskDistinct(
  words: readonly string[],
  distinct: readonly string[][],
  name: readonly string[],
): string[] {
  const masked = [...words];
  for (const phrase of distinct) {
    if (indexOfWords(name, phrase) >= 0) continue;
    for (
      let at = indexOfWords(masked, phrase);
      at >= 0;
      at = indexOfWords(masked, phrase, at + phrase.length)
    ) {
      masked.fill(MASK, at, at + phrase.length);
    }
  }
  return masked;
}
