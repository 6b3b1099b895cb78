import type { RuleSet } from '../boilerplate-rules.js';
import type { DomDocument, DomElement } from '../dom.types.js';
import type { RemovedSpan } from '../extract.types.js';
import { normaliseInline } from '../normalise.js';

export function classAndId(el: DomElement): string {
  return `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.trim();
}

/** Removes elements that never hold article text, and elements whose class/id names page furniture. */
/** Long, link-poor text made of sentences: article prose, whatever the class name of the element around it says. */
function isProse(el: DomElement, minChars: number): boolean {
  const text = normaliseInline(el.textContent ?? '');
  if (text.length < minChars) return false;
  const links = el.querySelectorAll('a');
  let linkChars = 0;
  for (let i = 0; i < links.length; i++) linkChars += normaliseInline(links[i]?.textContent ?? '').length;
  if (linkChars / text.length > 0.15) return false;
  return (text.match(/[.!?]["')\]\u201d\u2019]?\s/g)?.length ?? 0) >= 2;
}

/** Whether every class name of `el` that the negative rule `re` matches is carried by at least `min` elements. */
function layoutClass(el: DomElement, re: RegExp, counts: Map<string, number>, min: number): boolean {
  const named = (el.getAttribute('class') ?? '').split(/\s+/).filter((c) => c && re.test(c));
  return named.length > 0 && named.every((c) => (counts.get(c) ?? 0) >= min);
}

export function cleanDom(
  doc: DomDocument,
  rules: RuleSet,
  removed: RemovedSpan[] | undefined,
  proseChars = 0,
  layoutClassCount = 0,
): void {
  const body = doc.documentElement;
  if (!body) return;
  if (rules.dropSelector) {
    const drop = doc.querySelectorAll(rules.dropSelector);
    const list: DomElement[] = [];
    for (let i = 0; i < drop.length; i++) {
      const el = drop[i];
      if (el) list.push(el);
    }
    for (const el of list) {
      // never drop the page's article container because a theme put role="complementary" on a wrapper
      if (
        el.localName !== 'script' &&
        el.localName !== 'style' &&
        el.querySelector('article, [itemprop="articleBody"]')
      )
        continue;
      if (removed && el.localName !== 'script' && el.localName !== 'style') {
        const t = normaliseInline(el.textContent ?? '');
        if (t) removed.push({ ruleId: 'html.drop', text: t.slice(0, 300) });
      }
      el.remove();
    }
  }
  const all = body.querySelectorAll('[class], [id]');
  const victims: Array<{ el: DomElement; ruleId: string; strong: boolean; re: RegExp }> = [];
  // how many elements of the page carry each class name (see layoutClass)
  const classCount = new Map<string, number>();
  if (layoutClassCount > 0)
    for (let i = 0; i < all.length; i++)
      for (const c of (all[i]?.getAttribute('class') ?? '').split(/\s+/))
        if (c) classCount.set(c, (classCount.get(c) ?? 0) + 1);
  for (let i = 0; i < all.length; i++) {
    const el = all[i];
    if (!el) continue;
    const names = classAndId(el);
    if (
      !names ||
      el.localName === 'body' ||
      el.localName === 'html' ||
      el.localName === 'article' ||
      el.localName === 'main'
    )
      continue;
    const strong = rules.htmlNegativeStrong.find((r) => r.re.test(names));
    const neg = strong ?? rules.htmlNegative.find((r) => r.re.test(names));
    if (!neg) continue;
    if (rules.htmlPositive.some((r) => r.re.test(names))) continue;
    if (el.getAttribute('itemprop') === 'articleBody') continue;
    victims.push({ el, ruleId: neg.id, strong: strong !== undefined, re: neg.re });
  }
  for (const { el, ruleId, strong, re } of victims) {
    // victims inside an already removed victim need no work
    if (!el.isConnected) continue;
    // a "negative" wrapper that holds an article or most paragraphs is a layout wrapper, not furniture
    if (el.querySelector('article, [itemprop="articleBody"]')) continue;
    if (!strong && el.querySelectorAll('p').length >= 5) continue;
    // page builders wrap each paragraph in a "widget" or "module": a weak class match on prose is not furniture
    if (!strong && proseChars > 0 && isProse(el, proseChars)) continue;
    // ... nor is a weak match on a class name the page gives to many elements (a page builder's
    // "elementor-widget-container" around every paragraph and heading): a layout class, not a kind of furniture
    if (!strong && layoutClassCount > 0 && layoutClass(el, re, classCount, layoutClassCount)) continue;
    if (removed) {
      const t = normaliseInline(el.textContent ?? '');
      if (t) removed.push({ ruleId, text: t.slice(0, 300) });
    }
    el.remove();
  }
}
