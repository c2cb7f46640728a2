import { describe, expect, it } from 'vitest';
import { createSiteContextSource } from './site-context.js';
import type { SiteContext } from './site-context.js';

function counter() {
  let loads = 0;
  const load = async (): Promise<SiteContext> => {
    loads++;
    return { publicUrl: `load ${loads}` } as SiteContext;
  };
  return { load, loads: () => loads };
}

describe('createSiteContextSource', () => {
  it('reuses one load within the time limit and reloads after it', async () => {
    let time = 0;
    const { load, loads } = counter();
    const source = createSiteContextSource({ load, ttlMs: 1000, now: () => time });
    expect((await source.get()).publicUrl).toBe('load 1');
    time = 999;
    expect((await source.get()).publicUrl).toBe('load 1');
    time = 1000;
    expect((await source.get()).publicUrl).toBe('load 2');
    expect(loads()).toBe(2);
  });

  it('reloads at once after a reset, even while a load is under way', async () => {
    const { load } = counter();
    const source = createSiteContextSource({ load, ttlMs: 60_000, now: () => 0 });
    const before = source.get();
    source.reset();
    expect((await before).publicUrl).toBe('load 1');
    expect((await source.get()).publicUrl).toBe('load 2');
  });

  it('shares a load between concurrent callers and does not keep a failed one', async () => {
    let shouldFail = true;
    let loads = 0;
    const source = createSiteContextSource({
      load: async () => {
        loads++;
        if (shouldFail) throw new Error('database down');
        return { publicUrl: 'ok' } as SiteContext;
      },
      ttlMs: 60_000,
      now: () => 0,
    });
    await expect(Promise.all([source.get(), source.get()])).rejects.toThrow('database down');
    expect(loads).toBe(1);
    shouldFail = false;
    expect((await source.get()).publicUrl).toBe('ok');
  });

  it('loads for every call when the time limit is 0', async () => {
    const { load, loads } = counter();
    const source = createSiteContextSource({ load, ttlMs: 0 });
    await source.get();
    await source.get();
    expect(loads()).toBe(2);
  });
});
