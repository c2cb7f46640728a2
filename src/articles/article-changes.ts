/**
 * Tells other modules (related stories, search index, topics) that a story changed, after the
 * change is committed. Listeners run one after another and are awaited, so an index is up to
 * date when the write's answer reaches the editor; a failing listener is reported, never
 * undoes or fails the write it follows.
 */
export interface ArticleChange {
  articleId: number;
  /** "created" (new draft or story), "updated" (any committed change, publication included), "purged" (gone for good). */
  kind: 'created' | 'updated' | 'purged';
}

export type ArticleChangeListener = (change: ArticleChange) => Promise<void> | void;

export interface ArticleChangeFeed {
  subscribe(listener: ArticleChangeListener): () => void;
  emit(change: ArticleChange): Promise<void>;
}

export function createArticleChangeFeed(options: { onListenerError?: (error: unknown, change: ArticleChange) => void } = {}): ArticleChangeFeed {
  const listeners = new Set<ArticleChangeListener>();
  const onError = options.onListenerError ?? ((error, change) => console.error(`article ${change.articleId} ${change.kind}: a listener failed`, error));
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async emit(change) {
      for (const listener of listeners) {
        try {
          await listener(change);
        } catch (error) {
          onError(error, change);
        }
      }
    },
  };
}
