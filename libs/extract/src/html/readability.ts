import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { matchLineRule, type RuleSet } from '../boilerplate-rules.js';
import type { DomDocument } from '../dom.types.js';
import { normaliseInline } from '../normalise.js';
import { collectBlocks } from './blocks.js';

export function readabilityFallback(
  html: string,
  rules: RuleSet,
): { title: string; paragraphs: string[] } | undefined {
  try {
    const rooted = /<html[\s>]/i.test(html) ? html : `<html><body>${html}</body></html>`;
    const { document } = parseHTML(rooted) as unknown as { document: DomDocument };
    // linkedom's document is structurally enough for Readability. The cast is needed where lib.dom is loaded (the root
    // typecheck, through test typings) and redundant in this project's own build, which has no DOM types.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const r = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 200,
    }).parse();
    if (!r?.content) return undefined;
    const { document: frag } = parseHTML(`<html><body>${r.content}</body></html>`) as unknown as {
      document: DomDocument;
    };
    const root = frag.body ?? frag.documentElement;
    if (!root) return undefined;
    const paragraphs = collectBlocks(root)
      .flatMap((b) => b.text.split('\n\n'))
      .filter((t) => !matchLineRule(rules, t));
    return { title: normaliseInline(r.title ?? ''), paragraphs };
  } catch {
    return undefined;
  }
}
