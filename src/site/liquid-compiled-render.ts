import {
  AssignTag,
  CommentTag,
  Drop,
  ForTag,
  IfTag,
  InlineCommentTag,
  LiquidError,
  Output,
  RenderError,
  TypeGuards,
  UnlessTag,
  defaultOperators,
  evalToken,
  isFalsy,
  isTruthy,
  toValue,
  toValueSync,
} from 'liquidjs';
import type { Context, Emitter, Expression, Filter, Liquid, Template, Value } from 'liquidjs';

/**
 * Renders parsed Liquid templates through plain JavaScript closures instead of LiquidJS's
 * generators.
 *
 * LiquidJS evaluates every node of a template through a chain of generators (output → value →
 * expression → token → scope lookup), driven by `toValueSync`. That is what lets one engine serve
 * both sync and async rendering, but it costs 6–10 µs per `{{ output }}` or `{% if %}` on our
 * machines: an article page's ~250 nodes took 1.8 ms, a third of an uncached page view. When a
 * template list is first rendered it is translated once into closures that do what LiquidJS
 * does, step by step, with the same helpers (`readProperty`, `findScope`, the filter
 * implementations, `isTruthy`, `toValue`, the operators); the result is kept per parsed list.
 *
 * Translated: text, `{{ output }}` with filters, `if`/`elsif`/`else`, `unless`, `for … in`
 * (without `limit`/`offset`/`reversed`, over arrays), `assign`, comments. Every other tag
 * (`render`, `layout`, `block`, `include`, `capture`, `case`, `raw`, …), every other kind of
 * token (ranges, groups) and every non-array loop runs through LiquidJS itself, node by node,
 * inside the translated list. Renders that LiquidJS treats specially — async, strict variables,
 * render limits, keep-output-type or collect-all-errors — take LiquidJS's own path entirely.
 * The test suite renders the same templates both ways and compares the output.
 */
export function installCompiledRendering(liquid: Liquid): void {
  const renderer = liquid.renderer;
  const original = renderer.renderTemplates.bind(renderer);
  const programs = new WeakMap<Template[], Program>();
  const programOf = (templates: Template[]): Program => {
    let program = programs.get(templates);
    if (!program) programs.set(templates, (program = compileList(templates, programOf)));
    return program;
  };
  const options = liquid.options as { renderLimit?: number; keepOutputType?: boolean; catchAllErrors?: boolean };
  const generic = (options.renderLimit ?? Infinity) !== Infinity || options.keepOutputType === true || options.catchAllErrors === true;
  if (generic) return;

  renderer.renderTemplates = function* (templates: Template[], ctx: Context, emitter?: Emitter): Generator<unknown, unknown, unknown> {
    if (!ctx.sync || ctx.strictVariables || (ctx.renderLimit as unknown as { limit: number }).limit !== Infinity) return yield* original(templates, ctx, emitter);
    const out = emitter ?? new StringEmitter();
    programOf(templates)(ctx, out);
    return out.buffer;
  } as typeof renderer.renderTemplates;
}

type Program = (ctx: Context, emitter: Emitter) => void;
type Step = (ctx: Context, emitter: Emitter) => void;
type Evaluate = (ctx: Context) => unknown;

/** LiquidJS's SimpleEmitter (not exported): output is stringified as LiquidJS does. */
class StringEmitter implements Emitter {
  buffer = '';
  write(html: unknown): void {
    this.buffer += stringify(html);
  }
}

/** LiquidJS's stringify (not exported): what its emitter does with each value. */
export function stringify(value: unknown): string {
  const v = toValue(value) as unknown;
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(stringify).join('');
  return String(v);
}

function isIterator(value: unknown): value is Iterator<unknown> {
  const v = value as { next?: unknown; throw?: unknown; return?: unknown } | null | undefined;
  return !!v && typeof v.next === 'function' && typeof v.throw === 'function' && typeof v.return === 'function';
}

/** What `yield x` gives inside LiquidJS's sync rendering: iterators are run, anything else passes. */
function settle(value: unknown): unknown {
  return isIterator(value) ? toValueSync(value) : value;
}

function compileList(templates: Template[], programOf: (templates: Template[]) => Program): Program {
  const steps = templates.map((tpl) => compileTemplate(tpl, programOf));
  const count = steps.length;
  return (ctx, emitter) => {
    let i = 0;
    try {
      for (; i < count; i++) {
        steps[i]!(ctx, emitter);
        if (ctx.breakCalled || ctx.continueCalled) break;
      }
    } catch (error) {
      throw LiquidError.is(error) ? error : new RenderError(error as Error, templates[i]!);
    }
  };
}

interface HtmlTemplate {
  token: Parameters<typeof TypeGuards.isHTMLToken>[0];
  str?: unknown;
}
interface BranchInternals {
  value: Value;
  templates: Template[];
  test?: (value: unknown, ctx: Context) => boolean;
}

function compileTemplate(tpl: Template, programOf: (templates: Template[]) => Program): Step {
  const html = (tpl as unknown as HtmlTemplate).str;
  if (TypeGuards.isHTMLToken((tpl as unknown as HtmlTemplate).token) && typeof html === 'string') {
    return (_ctx, emitter) => emitter.write(html);
  }
  const kind = (tpl as object).constructor;
  if (kind === Output) {
    const value = compileValue((tpl as Output).value);
    return (ctx, emitter) => emitter.write(toValue(value(ctx)));
  }
  if (kind === IfTag || kind === UnlessTag) {
    const tag = tpl as unknown as { branches: BranchInternals[]; elseTemplates?: Template[] };
    const branches = tag.branches.map((b) => ({ value: compileValue(b.value), test: b.test ?? isTruthy, program: programOf(b.templates) }));
    const otherwise = programOf(tag.elseTemplates ?? []);
    return (ctx, emitter) => {
      for (const branch of branches) {
        if (branch.test(toValue(branch.value(ctx)), ctx)) return branch.program(ctx, emitter);
      }
      otherwise(ctx, emitter);
    };
  }
  if (kind === AssignTag) {
    const tag = tpl as unknown as { key: string; value: Value };
    const value = compileValue(tag.value);
    const key = tag.key;
    return (ctx) => {
      (ctx.bottom() as Record<string, unknown>)[key] = value(ctx);
    };
  }
  if (kind === ForTag) return compileFor(tpl as unknown as ForInternals, programOf);
  if (kind === CommentTag || kind === InlineCommentTag) return () => undefined;
  // Everything else: LiquidJS renders the node, as its renderTemplates would.
  return (ctx, emitter) => {
    const html = toValueSync(tpl.render(ctx, emitter) as Generator<unknown, unknown>);
    if (html) emitter.write(html);
  };
}

interface ForInternals {
  variable: string;
  collection: Parameters<typeof evalToken>[0] & { getText(): string };
  hash: { hash: Record<string, unknown> };
  templates: Template[];
  elseTemplates: Template[];
  render(ctx: Context, emitter: Emitter): Generator<unknown, unknown>;
}

/** LiquidJS's `forloop` drop (not exported), with the same properties. */
class ForloopDrop extends Drop {
  // Declared in LiquidJS's order: `valueOf` serialises them.
  i = 0;
  length: number;
  name: string;
  constructor(length: number, name: string) {
    super();
    this.length = length;
    this.name = name;
  }
  next(): void {
    this.i++;
  }
  index0(): number {
    return this.i;
  }
  index(): number {
    return this.i + 1;
  }
  first(): boolean {
    return this.i === 0;
  }
  last(): boolean {
    return this.i === this.length - 1;
  }
  rindex(): number {
    return this.length - this.i;
  }
  rindex0(): number {
    return this.length - this.i - 1;
  }
  override valueOf(): string {
    return JSON.stringify(this);
  }
}

function compileFor(tag: ForInternals, programOf: (templates: Template[]) => Program): Step {
  const generic: Step = (ctx, emitter) => void toValueSync(tag.render(ctx, emitter));
  // limit / offset / reversed (and `offset: continue`) keep LiquidJS's loop.
  if (Object.keys(tag.hash.hash).length > 0) return generic;
  const collection = compileToken(tag.collection);
  const body = programOf(tag.templates);
  const otherwise = programOf(tag.elseTemplates);
  const variable = tag.variable;
  const collectionText = tag.collection.getText();
  const continueKey = `continue-${variable}-${collectionText}`;
  const forloopName = `${variable}-${collectionText}`;
  return (ctx, emitter) => {
    const items = toValue(collection(ctx)) as unknown;
    if (!Array.isArray(items)) return generic(ctx, emitter);
    if (items.length === 0) return otherwise(ctx, emitter);
    ctx.setRegister(continueKey, items.length);
    const forloop = new ForloopDrop(items.length, forloopName);
    const scope = Object.create(null) as Record<string, unknown>;
    scope.forloop = forloop;
    ctx.push(scope);
    try {
      for (const item of items) {
        scope[variable] = item;
        ctx.continueCalled = ctx.breakCalled = false;
        body(ctx, emitter);
        if (ctx.breakCalled) break;
        forloop.next();
      }
      ctx.continueCalled = ctx.breakCalled = false;
    } finally {
      ctx.pop();
    }
  };
}

interface ValueInternals {
  initial: Expression;
  filters: Filter[];
}
interface FilterInternals {
  handler: (...args: unknown[]) => unknown;
  args: (Token | [string, Token])[];
  token: unknown;
  liquid: Liquid;
}
type Token = Parameters<typeof evalToken>[0];

function compileValue(value: Value): Evaluate {
  const { initial, filters } = value as unknown as ValueInternals;
  const start = compileExpression(initial);
  if (filters.length === 0) return start;
  const steps = filters.map((filter) => compileFilter(filter as unknown as FilterInternals));
  return (ctx) => {
    let v = start(ctx);
    for (const step of steps) v = step(v, ctx);
    return v;
  };
}

function compileFilter(filter: FilterInternals): (value: unknown, ctx: Context) => unknown {
  const { handler, token, liquid } = filter;
  const args = filter.args.map((arg) => {
    if (Array.isArray(arg)) {
      const key = arg[0];
      const value = compileToken(arg[1]);
      return (ctx: Context) => [key, value(ctx)];
    }
    return compileToken(arg);
  });
  return (value, ctx) => {
    const argv = [value];
    for (const arg of args) argv.push(arg(ctx));
    return settle(handler.apply({ context: ctx, token, liquid }, argv));
  };
}

type OperatorName = keyof typeof defaultOperators;
const UNARY = new Set(['not']);

function compileExpression(expression: Expression): Evaluate {
  const postfix = (expression as unknown as { postfix: Token[] }).postfix;
  const stack: Evaluate[] = [];
  for (const token of postfix) {
    if (!TypeGuards.isOperatorToken(token)) {
      stack.push(compileToken(token));
      continue;
    }
    const name = token.operator as OperatorName;
    const right = stack.pop();
    const left = UNARY.has(name) ? undefined : stack.pop();
    if (!right || (!UNARY.has(name) && !left)) return genericExpression(expression);
    stack.push(compileOperator(name, left, right));
  }
  if (stack.length !== 1) return genericExpression(expression);
  return stack[0]!;
}

function genericExpression(expression: Expression): Evaluate {
  return (ctx) => toValueSync(expression.evaluate(ctx, false));
}

/** Both operands are evaluated first, as LiquidJS's postfix evaluation does (no short circuit). */
function compileOperator(name: OperatorName, left: Evaluate | undefined, right: Evaluate): Evaluate {
  const builtin = defaultOperators[name];
  if (left === undefined) {
    return (ctx) => {
      const r = right(ctx);
      const operator = ctx.opts.operators[name];
      if (operator === builtin && name === 'not') return isFalsy(toValue(r), ctx);
      return settle((operator as (v: unknown, c: Context) => unknown)(r, ctx));
    };
  }
  return (ctx) => {
    const l = left(ctx);
    const r = right(ctx);
    const operator = ctx.opts.operators[name];
    if (operator === builtin) {
      if (name === 'and') return isTruthy(toValue(l), ctx) && isTruthy(toValue(r), ctx);
      if (name === 'or') return isTruthy(toValue(l), ctx) || isTruthy(toValue(r), ctx);
    }
    return settle((operator as (a: unknown, b: unknown, c: Context) => unknown)(l, r, ctx));
  };
}

interface ContextInternals {
  findScope(key: unknown): unknown;
  readProperty(obj: unknown, key: unknown): unknown;
}

/** LiquidJS's evalToken for one token, without generators where the token is simple. */
function compileToken(token: Token): Evaluate {
  if (!token) return () => undefined;
  if ('content' in token) {
    const content = (token as { content: unknown }).content;
    return () => content;
  }
  if (TypeGuards.isPropertyAccessToken(token)) {
    const props = token.props.map((prop) => {
      const evaluate = compileToken(prop as Token);
      return (ctx: Context) => toValue(evaluate(ctx));
    });
    const variable = token.variable ? compileToken(token.variable as Token) : undefined;
    // `a.b.c` (the usual case): the keys are literals, known now, and need no array per lookup.
    const literal = token.props.every((prop) => 'content' in (prop as object)) ? token.props.map((prop) => toValue((prop as unknown as { content: unknown }).content)) : undefined;
    return (ctx) => {
      const internals = ctx as unknown as ContextInternals;
      const keys = literal ?? props.map((prop) => prop(ctx));
      let scope = variable ? variable(ctx) : internals.findScope(keys[0]);
      for (const key of keys) scope = settle(internals.readProperty(scope, key));
      return scope;
    };
  }
  return (ctx) => toValueSync(evalToken(token, ctx, false));
}
