import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RenderTag } from 'liquidjs';
import type { Context, Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import { stringify } from './liquid-compiled-render.js';

/**
 * Remembered output of `{% render 'partial', name: value, … %}` tags.
 *
 * A `render` tag is a pure function: its partial sees only the arguments it is given (LiquidJS
 * gives it a fresh scope and fresh registers, and this engine sets no globals), so the same
 * partial with the same arguments always gives the same HTML as long as the templates do not
 * change. Story cards are the bulk of an article page's template work (Related, Editor's Picks,
 * Trending: 15 cards, each with a picture), and the same stories show on many pages, so their
 * HTML is kept, keyed by the partial's name and a serialisation of its arguments. Any change to
 * a story changes its card view, hence the key: an updated story never shows an old card.
 *
 * Kept only when it is safe:
 * - only while templates are cached (`cache: true`): with `cache: false` (theme development)
 *   every render reads the files again and nothing is remembered;
 * - only for a literal partial name without `with`/`for`, and only when every argument is plain
 *   data (strings, numbers, booleans, null, plain objects and arrays): anything else (a drop, a
 *   date object, a function) renders as usual;
 * - only for partials that, with every partial they render or include, name no time- or
 *   chance-dependent filter (`now`, `today`, `sample`, `random`) and render no partial by a
 *   computed name: those always render afresh.
 *
 * Bounded by the characters kept (keys and HTML); the oldest entries go first.
 */
export interface PartialMemo {
  /** Entries kept now (for tests). */
  readonly size: number;
  clear(): void;
}

interface RenderTagInternals {
  file: unknown;
  with?: unknown;
  forBinding?: unknown;
  hash: { render(ctx: Context): Generator<unknown, Record<string, unknown>> };
}

const IMPURE = /\b(?:now|today|sample|random)\b/;
const LITERAL_PARTIAL = /\b(?:render|include)\s+(['"])([^'"]+)\1/g;
const COMPUTED_PARTIAL = /\b(?:render|include)\s+[^'"\s]/;

export function installPartialMemo(liquid: Liquid, options: { roots: string[]; maxChars?: number }): PartialMemo {
  // 2 Mi characters (keys and HTML): enough for every card of the pages being read now. A larger
  // memo (8 Mi was tried) grew the resident memory of bench:render by ~50 MB through heap growth.
  const maxChars = options.maxChars ?? 2 * 2 ** 20;
  const entries = new Map<string, string>();
  let chars = 0;
  const purity = new Map<string, boolean>();

  const sourceOf = (name: string): string | undefined => {
    for (const root of options.roots) {
      const file = join(root, `${name}.liquid`);
      if (existsSync(file)) return readFileSync(file, 'utf8');
    }
    return undefined;
  };
  const isPure = (name: string, seen = new Set<string>()): boolean => {
    const known = purity.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return true; // a cycle: decided by the other files in it
    seen.add(name);
    const source = sourceOf(name);
    const pure = source !== undefined && !IMPURE.test(source) && !COMPUTED_PARTIAL.test(source) && [...source.matchAll(LITERAL_PARTIAL)].every((m) => isPure(m[2]!, seen));
    purity.set(name, pure);
    return pure;
  };

  const remember = (key: string, html: string) => {
    const size = key.length + html.length;
    if (size > maxChars / 16) return;
    entries.set(key, html);
    chars += size;
    for (const [oldKey, oldHtml] of entries) {
      if (chars <= maxChars) break;
      entries.delete(oldKey);
      chars -= oldKey.length + oldHtml.length;
    }
  };

  class MemoRenderTag extends RenderTag {
    private readonly memoName: string | undefined;

    constructor(token: TagToken, remainTokens: TopLevelToken[], engine: Liquid, parser: ConstructorParameters<typeof RenderTag>[3]) {
      super(token, remainTokens, engine, parser);
      const self = this as unknown as RenderTagInternals;
      this.memoName = typeof self.file === 'string' && !self.with && !self.forBinding && isPure(self.file) ? self.file : undefined;
    }

    override *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const name = this.memoName;
      if (name === undefined) return yield* super.render(ctx, emitter);
      const args = (yield (this as unknown as RenderTagInternals).hash.render(ctx)) as Record<string, unknown>;
      const serialised = plainKey(args);
      if (serialised === undefined) return yield* super.render(ctx, emitter);
      const key = `${name}\u0000${serialised}`;
      const kept = entries.get(key);
      if (kept !== undefined) {
        emitter.write(kept);
        return;
      }
      // As RenderTag does: a fresh scope holding only the arguments.
      const childCtx = ctx.spawn();
      Object.assign(childCtx.bottom(), args);
      const templates = (yield liquid._parsePartialFile(name, childCtx.sync, (this as unknown as { currentFile?: string }).currentFile)) as Parameters<Liquid['renderer']['renderTemplates']>[0];
      const capture: Emitter = { buffer: '', write: (html: unknown) => void (capture.buffer += stringify(html)) };
      yield liquid.renderer.renderTemplates(templates, childCtx, capture);
      remember(key, capture.buffer);
      emitter.write(capture.buffer);
    }
  }

  liquid.registerTag('render', MemoRenderTag);
  return {
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
      chars = 0;
    },
  };
}

/**
 * A string that identifies plain data for Liquid; undefined for anything else (drops, dates,
 * functions, non-finite numbers). `undefined` serialises as absent (or null in arrays), which
 * Liquid renders the same way.
 */
function plainKey(value: unknown): string | undefined {
  return isPlain(value, 0) ? JSON.stringify(value) : undefined;
}

function isPlain(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > 20) return false;
      if (Array.isArray(value)) {
        for (const item of value) if (!isPlain(item, depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) if (!isPlain((value as Record<string, unknown>)[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}
