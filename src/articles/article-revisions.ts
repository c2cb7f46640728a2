import { extractPlainText } from '../rich-text/index.js';
import { SNAPSHOT_FIELDS } from './article-snapshot.js';
import type { ArticleSnapshot, SnapshotField } from './article-snapshot.js';

/** One line of a line diff: kept, added in the newer text, or removed from the older. */
export interface LineChange {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/** How one field differs between two snapshots; the body also gets a line diff of its text. */
export interface FieldDiff {
  field: SnapshotField;
  before: unknown;
  after: unknown;
  lines?: LineChange[];
}

/** Above this many line pairs the diff gives up on alignment and shows all removed, then all added. */
const MAX_DIFF_CELLS = 4_000_000;

/** The fields whose values differ between `before` and `after`, in snapshot order. */
export function changedFields(before: ArticleSnapshot, after: ArticleSnapshot): SnapshotField[] {
  return SNAPSHOT_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/** Field-by-field differences; the body's plain text is compared line by line. */
export function diffSnapshots(before: ArticleSnapshot, after: ArticleSnapshot): FieldDiff[] {
  return changedFields(before, after).map((field) => {
    if (field !== 'body') return { field, before: before[field], after: after[field] };
    return { field, before: before.body, after: after.body, lines: diffLines(extractPlainText(before.body), extractPlainText(after.body)) };
  });
}

/** A line diff (longest common subsequence) of two texts. */
export function diffLines(before: string, after: string): LineChange[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (lines: string[]): LineChange[] => lines.map((text) => ({ op: 'same', text }));
  return [...same(a.slice(0, start)), ...diffMiddle(a.slice(start, endA), b.slice(start, endB)), ...same(a.slice(endA))];
}

function diffMiddle(a: string[], b: string[]): LineChange[] {
  const removed = (text: string): LineChange => ({ op: 'removed', text });
  const added = (text: string): LineChange => ({ op: 'added', text });
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_DIFF_CELLS) return [...a.map(removed), ...b.map(added)];
  // lengths[i][j] = LCS length of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i] ?? '' });
      i++;
      j++;
    } else if ((lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0)) {
      out.push(removed(a[i++] ?? ''));
    } else {
      out.push(added(b[j++] ?? ''));
    }
  }
  return [...out, ...a.slice(i).map(removed), ...b.slice(j).map(added)];
}
