import type { DemoSection } from './demo-content-types.js';

export const demoPublication = {
  name: 'The Daily Example',
  description:
    'An independent daily newspaper covering world affairs, politics, business, science and culture with care, context and a healthy respect for the facts.',
  language: 'en',
  timeZone: 'Europe/London',
};

export const demoSections: DemoSection[] = [
  {
    slug: 'world',
    name: 'World',
    description: 'News, analysis and reporting from our correspondents around the globe.',
    children: [
      {
        slug: 'asia',
        name: 'Asia',
        description: 'Politics, economies and everyday life across the world’s largest continent.',
        children: [
          {
            slug: 'central-asia',
            name: 'Central Asia',
            description:
              'Reporting from the steppe, mountains and river valleys between the Caspian Sea and western China.',
          },
        ],
      },
      {
        slug: 'europe',
        name: 'Europe',
        description: 'Coverage of European capitals, institutions and the towns far from them.',
      },
      {
        slug: 'africa',
        name: 'Africa',
        description: 'Stories of politics, enterprise and change from across the African continent.',
      },
    ],
  },
  {
    slug: 'politics',
    name: 'Politics',
    description: 'Parliament, parties, policy and the people who make the decisions that shape daily life.',
  },
  {
    slug: 'business',
    name: 'Business',
    description: 'Companies, markets, work and money, explained without the jargon.',
    children: [
      {
        slug: 'markets',
        name: 'Markets',
        description: 'Shares, bonds, currencies and commodities, and what their moves mean for everyone else.',
      },
      {
        slug: 'technology',
        name: 'Technology',
        description: 'The companies, products and rules shaping the digital economy.',
      },
    ],
  },
  {
    slug: 'science',
    name: 'Science',
    description: 'Discoveries, research and the scientists behind them, from the lab bench to deep space.',
    children: [
      {
        slug: 'climate',
        name: 'Climate',
        description: 'A changing climate and the efforts to slow it down and live with it.',
      },
    ],
  },
  {
    slug: 'culture',
    name: 'Culture',
    description: 'Reviews, interviews and features on books, film, music, theatre and art.',
  },
];
