import type { FastifyInstance } from 'fastify';
import { sectionWithDescendants } from '../sections/index.js';
import { articlePath } from '../articles/index.js';
import { trendingErrors } from '../trending/index.js';
import { queryWithoutKey, sendData } from './content-api-http.js';
import { quote } from './content-api-errors.js';
import { presentByline, presentImage, presentSectionRef } from './content-api-presenters.js';
import { parseRequestPart } from './content-api-schemas.js';
import type { ContentApiOptions } from './content-api-routes.js';
import { trendingQuerySchema } from './trending-content-endpoints.js';
import type { trendingResponseSchema } from './trending-content-endpoints.js';
import type { z } from 'zod';

/** Content API: GET /trending?section=world&limit=10 — the most-read stories now. */
export async function trendingContentRoutes(api: FastifyInstance, options: ContentApiOptions): Promise<void> {
  const { services } = options;
  const publicUrl = options.publicUrl.replace(/\/+$/, '');

  api.get('/trending', async (request, reply) => {
    const query = parseRequestPart(trendingQuerySchema, queryWithoutKey(request));
    const tree = await services.sections.getTree();
    const section = query.section === undefined ? undefined : tree.byPath.get(query.section);
    if (query.section !== undefined && (!section || section.parentId !== null)) throw trendingErrors.unknownSection(quote(query.section));
    const entries = await services.trending.top({ limit: query.limit, ...(section ? { sectionIds: new Set(sectionWithDescendants(section).map((s) => s.id)) } : {}) });
    const body: z.output<typeof trendingResponseSchema> = {
      trending: entries.map(({ story, score, views }, index) => {
        const url = articlePath(story.slug);
        const primary = tree.byId.get(story.primarySectionId);
        return {
          rank: index + 1,
          score: Math.round(score * 1000) / 1000,
          views,
          article: {
            id: story.id,
            slug: story.slug,
            url,
            absolute_url: `${publicUrl}${url}`,
            kicker: story.kicker,
            headline: story.headline,
            dek: story.dek,
            section: primary ? presentSectionRef(primary) : null,
            authors: story.authors.map(presentByline),
            lead_image: story.leadImage ? presentImage(story.leadImage) : null,
            published_at: new Date(story.publishedAt ?? story.updatedAt).toISOString(),
          },
        };
      }),
      meta: { section: section ? presentSectionRef(section) : null, half_life_hours: services.trending.halfLifeHours, window_hours: 48 },
    };
    return sendData(reply, body);
  });
}
