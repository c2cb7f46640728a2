import type { DemoAuthor } from './demo-content-types.js';

export const demoAuthors: DemoAuthor[] = [
  {
    slug: 'dinara-kelsenbay',
    name: 'Dinara Kelsenbay',
    bio: 'Dinara Kelsenbay is The Daily Example’s Central Asia correspondent, based in Almaty. She has spent a decade reporting on water, energy and migration across the region, usually from somewhere a long way from the nearest capital.',
  },
  {
    slug: 'owen-halloway',
    name: 'Owen Halloway',
    bio: 'Owen Halloway is political and diplomatic editor, covering Parliament, elections and foreign policy. Before joining the paper he spent eight years as a local government reporter, which he insists is the best training there is.',
  },
  {
    slug: 'priya-castellane',
    name: 'Priya Castellane',
    bio: 'Priya Castellane is business and economics editor, writing about markets, companies and the world of work. She previously worked as a bond analyst and still reads central bank minutes for pleasure.',
  },
  {
    slug: 'ruth-abernethy',
    name: 'Ruth Abernethy',
    bio: 'Ruth Abernethy is science and environment correspondent, based in Nairobi. She trained as a hydrologist and now reports on climate, conservation and research from East Africa and beyond.',
  },
  {
    slug: 'celeste-marwood',
    name: 'Celeste Marwood',
    bio: 'Celeste Marwood is arts editor and chief critic, reviewing film, books, theatre and exhibitions. She has judged two national literary prizes and once sat through a nine-hour opera without an interval.',
  },
];
