import { ELEMENT_NODE, type DomDocument, type DomElement, type DomNode } from '../dom.types.js';
import { NO_DEPTH } from './structure.js';

/** Maximum element nesting depth, by a tag scan (no parse); script and style content should be removed first. */
export function htmlNestingDepth(html: string): number {
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g;
  let depth = 0;
  let max = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html)) !== null) {
    const name = (m[2] ?? '').toLowerCase();
    if (NO_DEPTH.has(name)) continue;
    if (m[1]) depth = depth > 0 ? depth - 1 : 0;
    else if (++depth > max) max = depth;
  }
  return max;
}

function nextIndex(
  lower: string,
  needles: string[],
  from: number,
): { at: number; needle: string } | undefined {
  let best: { at: number; needle: string } | undefined;
  for (const n of needles) {
    const at = lower.indexOf(n, from);
    if (at >= 0 && (!best || at < best.at)) best = { at, needle: n };
  }
  return best;
}

/**
 * Removes <script> and <style> elements before parsing. linkedom's tokenizer ends a script at the first
 * "</script" even in the HTML5 "double-escaped" state (`<!-- ... document.write('<script>...</script>')`), which
 * turns the rest of many older pages into garbage; this scan follows the HTML5 script-data states instead.
 */
export function stripScripts(html: string): string {
  const lower = html.toLowerCase();
  if (!lower.includes('<script') && !lower.includes('<style')) return html;
  const out: string[] = [];
  let pos = 0;
  for (;;) {
    const open = nextIndex(lower, ['<script', '<style'], pos);
    if (!open) break;
    const tag = open.needle.slice(1);
    const after = lower.charAt(open.at + open.needle.length);
    if (after && !/[\s>/]/.test(after)) {
      out.push(html.slice(pos, open.at + 1));
      pos = open.at + 1;
      continue;
    }
    const gt = lower.indexOf('>', open.at);
    if (gt < 0) break;
    out.push(html.slice(pos, open.at));
    let i = gt + 1;
    let end = -1;
    if (tag === 'style') {
      const close = lower.indexOf('</style', i);
      end = close < 0 ? lower.length : close;
    } else {
      let state: 'data' | 'escaped' | 'double' = 'data';
      while (end < 0) {
        const needles =
          state === 'data'
            ? ['</script', '<!--']
            : state === 'escaped'
              ? ['</script', '-->', '<script']
              : ['</script', '-->'];
        const hit = nextIndex(lower, needles, i);
        if (!hit) {
          end = lower.length;
          break;
        }
        i = hit.at + hit.needle.length;
        if (hit.needle === '</script') {
          if (state === 'double') state = 'escaped';
          else end = hit.at;
        } else if (hit.needle === '<!--') state = 'escaped';
        else if (hit.needle === '-->') state = 'data';
        else if (hit.needle === '<script') state = 'double';
      }
    }
    const close = lower.indexOf('>', end);
    pos = close < 0 ? lower.length : close + 1;
  }
  out.push(html.slice(pos));
  return out.join('');
}
/**
 * The root to read text from: the whole <html> element, with any element the parser left beside it moved in.
 * Stray markup makes linkedom put page text in <head>, after <body>, or beside <html>; the body alone would miss it.
 */
export function pickRoot(doc: DomDocument): DomElement | null {
  const html = doc.documentElement;
  if (!html) return doc.body;
  const strays: DomNode[] = [];
  for (let c = doc.firstChild; c; c = c.nextSibling)
    if (c !== html && c.nodeType === ELEMENT_NODE) strays.push(c);
  for (const c of strays) html.appendChild(c);
  return html;
}

/**
 * React streaming server rendering sends each suspended part of the page as `<div hidden id="S:n">` at the end of the
 * body, and a script moves it into its placeholder (`<template id="P:n">`, or the `<!--$?-->` boundary before it).
 * Scripts do not run here, so the content is moved now: into the placeholder when it is found, else made visible
 * where it is. Without this, pages rendered that way lose their whole article as hidden markup.
 */
export function revealStreamedBoundaries(doc: DomDocument): number {
  const parts = doc.querySelectorAll('div[hidden][id^="S:"]');
  let moved = 0;
  for (let i = 0; i < parts.length; i++) {
    const div = parts[i];
    const id = div?.getAttribute('id') ?? '';
    if (!div || !/^S:\d+$/.test(id)) continue;
    div.removeAttribute('hidden');
    const placeholder = doc.querySelector(`template[id="P:${id.slice(2)}"]`);
    if (placeholder?.parentElement) {
      placeholder.parentElement.insertBefore(div, placeholder);
      placeholder.remove();
    }
    moved++;
  }
  return moved;
}

/** A `<noscript>` is kept (unwrapped) only when it holds at least this many characters of text... */
export const NOSCRIPT_MIN_TEXT = 500;

const NOSCRIPT_RE = /<noscript\b[^>]*>([\s\S]*?)<\/noscript\s*>/gi;
const textLength = (html: string): number =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim().length;

/**
 * Removes `<noscript>` elements (tracking pixels, image fallbacks, "enable JavaScript" notices), except where the page
 * serves its content there: forum engines and single-page apps render the whole thread or article inside a
 * `<noscript>` for clients without JavaScript, and leave only a shell outside it. Rule: a `<noscript>` holding at
 * least `NOSCRIPT_MIN_TEXT` characters of text, and more text than the whole page outside every `<noscript>`, is
 * unwrapped; all others are dropped. Expects scripts and styles to be removed already.
 */
export function resolveNoscript(html: string): string {
  if (!/<noscript\b/i.test(html)) return html;
  let largest = 0;
  for (const m of html.matchAll(NOSCRIPT_RE)) {
    const inner = m[1] ?? '';
    if (inner.length < NOSCRIPT_MIN_TEXT) continue;
    largest = Math.max(largest, textLength(inner));
  }
  if (largest < NOSCRIPT_MIN_TEXT) return html.replace(NOSCRIPT_RE, '');
  const outside = textLength(html.replace(NOSCRIPT_RE, ''));
  if (outside >= largest) return html.replace(NOSCRIPT_RE, '');
  return html.replace(NOSCRIPT_RE, (_all, inner: string) =>
    textLength(inner) >= NOSCRIPT_MIN_TEXT ? inner : '',
  );
}

/**
 * `<![CDATA[` in HTML content (outside SVG and MathML, which are removed before) is a bogus comment to a browser: it
 * ends at the first `>`. linkedom's parser reads it as a CDATA section up to `]]>` instead, so a stray `<![CDATA[` in
 * a template swallows the rest of the page. This drops each one the way a browser does.
 */
export function dropBogusCdata(html: string): string {
  return html.includes('<![CDATA[') ? html.replace(/<!\[CDATA\[[^>]*>?/g, '') : html;
}

/** Class names that hide an element (collapsed panels carry them until a script opens the panel). */
const HIDING_CLASS = /(?:^|\s)(?:hidden|hide|d-none|is-hidden|collapsed)(?=\s|$)/g;

/**
 * Accordions, tabs and "read more" expanders ship their content collapsed: the panel is hidden (`display:none`,
 * `hidden`, `aria-hidden`, a hiding class) until a script opens it. Their text is part of the page's content (FAQ
 * answers, the steps of a guide, the other tabs of a plan), unlike hidden templates and pop-ups. A collapsed panel is
 * an element that is hidden and is named as a panel: its id is the target of an `aria-controls` on the page, it is a
 * `role="tabpanel"` / `role="region"` labelled by `aria-labelledby`, or it is `hidden="until-found"` (the HTML way to
 * say "collapsed, but searchable"). Such panels are made visible before the hidden-element rules run. Dialogs are not
 * panels and stay hidden.
 */
export function revealCollapsedPanels(doc: DomDocument): number {
  const controlled = new Set<string>();
  const controls = doc.querySelectorAll('[aria-controls]');
  for (let i = 0; i < controls.length; i++)
    for (const id of (controls[i]?.getAttribute('aria-controls') ?? '').split(/\s+/))
      if (id) controlled.add(id);
  const hidden = doc.querySelectorAll(
    '[hidden], [aria-hidden="true"], [style*="display"], [class*="hid"], [class*="d-none"], [class*="collapsed"]',
  );
  let shown = 0;
  for (let i = 0; i < hidden.length; i++) {
    const el = hidden[i];
    if (!el) continue;
    const role = el.getAttribute('role') ?? '';
    if (role === 'dialog' || role === 'alertdialog') continue;
    const id = el.getAttribute('id') ?? '';
    const panel =
      (id !== '' && controlled.has(id)) ||
      ((role === 'tabpanel' || role === 'region') && el.hasAttribute('aria-labelledby')) ||
      el.getAttribute('hidden') === 'until-found';
    if (!panel) continue;
    el.removeAttribute('hidden');
    el.removeAttribute('aria-hidden');
    const style = el.getAttribute('style');
    if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style))
      el.setAttribute('style', style.replace(/(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*;?/gi, ''));
    const cls = el.getAttribute('class');
    const shownCls = cls?.replace(HIDING_CLASS, ' ').trim();
    if (cls && shownCls !== cls.trim()) el.setAttribute('class', shownCls ?? '');
    shown++;
  }
  return shown;
}
