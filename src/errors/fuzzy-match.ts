// Closest-name suggestions for "Perhaps you meant ..." hints. The score is PostgREST's
// final rescoring: 1 - levenshtein / longer length, so 'projecxx' is 75% like 'projects'.

export const levenshtein = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
};

/** Similarity in [0, 1] of two names, ignoring case (1 means equal). */
export const similarity = (a: string, b: string): number => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return 1;
  return 1 - levenshtein(x, y) / Math.max(x.length, y.length);
};

/** The candidate most like `name`, if it scores at least `minScore`. */
export const closestMatch = (name: string, candidates: Iterable<string>, minScore: number): string | undefined => {
  let best: string | undefined;
  let bestScore = minScore;
  for (const candidate of candidates) {
    const score = similarity(name, candidate);
    if (score >= bestScore && (best === undefined || score > bestScore)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
};
