/**
 * Where `query` occurs in `text`, ignoring case: [start, end) pairs, left to right, not overlapping. The quick
 * search of what is loaded is plain text on purpose: patterns go to the server (Include / Exclude).
 */
export function matchRanges(text: string, query: string): Array<[number, number]> {
  if (query === '') return [];
  const haystack = text.toLowerCase();
  const needle = query.toLowerCase();
  const ranges: Array<[number, number]> = [];
  // Lower-casing keeps the length for all but a few characters (İ); where it does not, highlight nothing rather than the wrong text.
  if (haystack.length !== text.length) return ranges;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) ranges.push([at, at + needle.length]);
  return ranges;
}
