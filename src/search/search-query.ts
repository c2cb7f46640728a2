/**
 * Turns whatever a reader typed into a safe, bounded search: plain words and "quoted phrases".
 * Nothing the reader types reaches FTS5 MATCH or to_tsquery as syntax: operators, quotes,
 * stars, colons, brackets, carets and control characters are separators; AND/OR/NOT/NEAR are
 * ordinary words. The stores quote every term themselves.
 */

/** Longest query read, in characters; anything longer is cut here (never refused). */
export const MAX_QUERY_LENGTH = 200;
/** Most words (terms plus phrase words) one search uses; later ones are ignored. */
export const MAX_QUERY_WORDS = 12;
/** Longest single word kept, in characters (longer ones are cut). */
export const MAX_WORD_LENGTH = 60;

export interface SearchTerms {
  /** Lower-case words that must all appear (stemmed). */
  terms: string[];
  /** Phrases of two or more words that must appear in this order. */
  phrases: string[][];
}

/** The query as it will be searched: cleaned, cut to MAX_QUERY_LENGTH. */
export function normalizeQuery(raw: string): string {
  // NFKC folds full-width and compatibility forms; control characters become spaces.
  // eslint-disable-next-line no-control-regex
  return raw.normalize('NFKC').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH).trim();
}

/**
 * English stop words (PostgreSQL's list): dropped from loose words on both dialects, so a
 * search means the same on SQLite and PostgreSQL and "the bank" looks for "bank". Words inside
 * a quoted phrase are kept.
 */
const STOP_WORDS = new Set(
  ('i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself ' +
    'they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having ' +
    'do does did doing a an the and but if or because as until while of at by for with about against between into through during ' +
    'before after above below to from up down in out on off over under again further then once here there when where why how all any ' +
    'both each few more most other some such no nor not only own same so than too very s t can will just don should now').split(' '),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.slice(0, MAX_WORD_LENGTH));
}

/** Parses a reader's query; `isEmpty` when nothing searchable is left (then there are no results). */
export function parseSearchQuery(raw: string): SearchTerms & { text: string; isEmpty: boolean } {
  const text = normalizeQuery(raw);
  const phrases: string[][] = [];
  const terms: string[] = [];
  let budget = MAX_QUERY_WORDS;
  const addTerm = (word: string) => {
    if (budget > 0 && !STOP_WORDS.has(word) && !terms.includes(word)) {
      terms.push(word);
      budget -= 1;
    }
  };
  // Balanced double quotes make phrases; a lone quote is just a separator.
  const rest = text.replace(/[“”„]/g, '"').replace(/"([^"]*)"/g, (_match, inner: string) => {
    const words = wordsOf(inner);
    if (words.length === 1 && words[0] !== undefined) addTerm(words[0]);
    else if (words.length > 1 && budget > 1) {
      const phrase = words.slice(0, budget);
      if (phrase.length > 1) {
        phrases.push(phrase);
        budget -= phrase.length;
      }
    }
    return ' ';
  });
  for (const word of wordsOf(rest)) addTerm(word);
  return { text, terms, phrases, isEmpty: terms.length === 0 && phrases.length === 0 };
}
