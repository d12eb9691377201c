/**
 * Text comparison for commodities and titles. Proposals are typed by people in 24 offices, so
 * "Kopi Arabika  Kalosi" and "kopi arabika kalosi" must compare equal.
 */

/** Lower case words of a phrase; punctuation and repeated spaces separate words. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** Trimmed, lower case, single-spaced: the form in which two commodities are compared. */
export function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Where `needle` occurs in `haystack` as a run of whole words, or -1. */
export function indexOfWords(haystack: readonly string[], needle: readonly string[], from = 0): number {
  if (needle.length === 0) return -1;
  for (let start = from; start + needle.length <= haystack.length; start++) {
    if (needle.every((word, offset) => haystack[start + offset] === word)) return start;
  }
  return -1;
}

/**
 * Sørensen–Dice coefficient of the character bigrams of two normalised titles: 1 for equal
 * titles, 0 for titles that share no pair of letters. It tolerates word order, small typos and
 * an added "angkatan II", which is what near-duplicate proposals look like.
 */
export function titleSimilarity(a: string, b: string): number {
  return similarityTo(a)(b);
}

/** titleSimilarity with the first title prepared once, for comparing it with many others. */
export function similarityTo(title: string): (other: string) => number {
  const normal = normalisePhrase(title);
  const pairs = bigramCounts(normal);
  const pairCount = Math.max(0, normal.length - 1);
  return (other) => {
    const otherNormal = normalisePhrase(other);
    if (otherNormal === normal) return 1;
    if (pairCount === 0 || otherNormal.length < 2) return 0;
    const used = new Map<number, number>();
    let shared = 0;
    for (let i = 0; i < otherNormal.length - 1; i++) {
      const pair = bigramAt(otherNormal, i);
      const usedSoFar = used.get(pair) ?? 0;
      if (usedSoFar < (pairs.get(pair) ?? 0)) {
        used.set(pair, usedSoFar + 1);
        shared++;
      }
    }
    return (2 * shared) / (pairCount + otherNormal.length - 1);
  };
}

/** Two UTF-16 code units as one number: cheaper to hash than a two-letter string. */
const bigramAt = (text: string, index: number): number =>
  text.charCodeAt(index) * 0x10000 + text.charCodeAt(index + 1);

function bigramCounts(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const pair = bigramAt(text, i);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}
