import { describe, expect, it } from 'vitest';
import { markdownToDocument } from '../rich-text/index.js';
import { changedFields, diffLines, diffSnapshots } from './article-revisions.js';
import type { ArticleSnapshot } from './article-snapshot.js';

const base: ArticleSnapshot = {
  slug: 'river', status: 'draft', kicker: null, headline: 'River rises', dek: '', seo_title: null, seo_description: null,
  social_title: null, social_description: null, body: markdownToDocument('One.\n\nTwo.\n\nThree.'), lead_image: null, dateline: null,
  primary_section_id: 1, secondary_section_ids: [], author_ids: [3], tag_ids: [], published_at: null, scheduled_at: null,
  embargo_until: null, deleted_at: null, corrections: [],
};

describe('changedFields', () => {
  it('names exactly the fields whose values differ, in snapshot order', () => {
    expect(changedFields(base, { ...base })).toEqual([]);
    expect(changedFields(base, { ...base, tag_ids: [2], headline: 'River falls' })).toEqual(['headline', 'tag_ids']);
    expect(changedFields(base, { ...base, body: markdownToDocument('One.\n\nTwo.\n\nThree.') })).toEqual([]);
  });
});

describe('diffSnapshots', () => {
  it('gives before and after per field and a line diff of the body text', () => {
    const after = { ...base, headline: 'River falls', body: markdownToDocument('One.\n\nTwo and a half.\n\nThree.\n\nFour.') };
    const diff = diffSnapshots(base, after);
    expect(diff.map((d) => d.field)).toEqual(['headline', 'body']);
    expect(diff[0]).toEqual({ field: 'headline', before: 'River rises', after: 'River falls' });
    expect(diff[1]?.lines).toEqual([
      { op: 'same', text: 'One.' },
      { op: 'removed', text: 'Two.' },
      { op: 'added', text: 'Two and a half.' },
      { op: 'same', text: 'Three.' },
      { op: 'added', text: 'Four.' },
    ]);
  });
});

describe('diffLines', () => {
  it('aligns on the longest common run of lines', () => {
    expect(diffLines('a\nb\nc\nd', 'a\nc\nd\ne')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'same', text: 'c' },
      { op: 'same', text: 'd' },
      { op: 'added', text: 'e' },
    ]);
    expect(diffLines('', 'x')).toEqual([{ op: 'added', text: 'x' }]);
    expect(diffLines('x', '')).toEqual([{ op: 'removed', text: 'x' }]);
  });
});
