import type { DemoPage } from './demo-content-types.js';

export const demoPages: DemoPage[] = [
  {
    slug: 'about',
    title: 'About us',
    body: [
      "*The Daily Example* is an independent newspaper published online every day of the year. We report on world affairs, politics, business, science and culture, and we try to explain not just what happened but why it matters.",
      "## Who we are\n\nOur newsroom is small by design. A handful of correspondents and editors write, check and publish every story you read here, and each article carries the name of the people responsible for it. We are funded by readers and take no money from the companies, governments or campaigns we cover.",
      "## What we believe\n\n- **Accuracy comes first.** We would rather be right than first.\n- **Context matters.** A number without a comparison is only half a fact.\n- **Mistakes are corrected openly.** See our [corrections policy](https://example.com/corrections-policy).",
    ],
  },
  {
    slug: 'contact',
    title: 'Contact',
    body: [
      "We read everything that readers send us, although we cannot promise to reply to every message. The quickest way to reach the right person is to use the addresses below.",
      "## Newsroom\n\n- News tips and story ideas: tips@example.com\n- Letters to the editor: letters@example.com\n- Corrections: corrections@example.com",
      "## Sensitive information\n\nIf you have information you believe is in the public interest and need to protect your identity, please read our guide to [contacting us securely](https://example.com/secure-tips) before you get in touch. Do not send documents by ordinary email.",
    ],
  },
  {
    slug: 'corrections-policy',
    title: 'Corrections policy',
    body: [
      "We work hard to get things right, but we do not always succeed. When we make a factual error we correct it promptly and say so plainly, at the foot of the article concerned.",
      "## How corrections work\n\n1. Tell us about the error at corrections@example.com, quoting the headline and the passage concerned.\n2. The editor responsible checks the facts, usually within one working day.\n3. If we were wrong, we amend the article and add a dated note explaining what changed.",
      "## What we do not do\n\nWe do not quietly rewrite published stories to remove mistakes, and we do not remove articles because their subjects would prefer them gone. Changes of wording that do not affect the facts, such as fixing a typing error, are made without a note.",
      "> A correction is not an embarrassment. It is a promise kept to the reader.\n\nThat line, from our first editor, still hangs above the news desk.",
    ],
  },
];
