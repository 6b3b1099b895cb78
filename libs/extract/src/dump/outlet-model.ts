/**
 * The learned outlet picker of the text-dump segmenter: which span of the lines around an article (above its headline,
 * between headline and body, after its body, the headline itself) names the article's outlet.
 *
 * Every capitalised run of 1-6 words in those lines is a candidate; a candidate is described by generic features only
 * (where its line stands relative to the headline and body, the words and punctuation right around it, its shape and
 * capitalisation, what the segmenter's line rules said about its line, whether other articles of the same dump have a
 * line of the same wording with another name in that place, whether it shares words with the body). No feature holds
 * the candidate's own words, so no outlet is ever named by the model. A linear model scores candidates; a softmax over
 * an article's candidates is trained (test/eval/extract/train-dump-outlet.ts) on layouts generated from the tune part
 * of the development articles, and the weights are committed as data (models/dump-outlet.v1.json).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ABBREVIATION_END, isPersonName } from '../dump-lines.js';

/** A line around one article, as the segmenter classified it. */
export interface ZoneLine {
  text: string;
  /** The segmenter's line kind ("text", "meta", "credit", "masthead", "furniture", ...). */
  kind: string;
  /** Where the line stands: "above-1" (right above the headline) ... "title", "after-1", "below-1" (under the body). */
  rel: string;
  /** A blank line separates it from the headline (above) or from the body (below). */
  gap: boolean;
  /** The line carries a time (a time line, or "Outlet · time"). */
  hasTime: boolean;
  /** The line's index in the dump (a line between two articles is in both zones). */
  at?: number;
}

/** Everything the picker sees of one article. */
export interface ArticleZone {
  lines: ZoneLine[];
  /** The article's body text (to tell headline words from names). */
  body: string;
  /** Outlets the segmenter's line rules found for the article, with the shape that found each. */
  ruleSources: ReadonlyArray<{ origin: string; value: string }>;
}

export interface OutletCandidate {
  text: string;
  features: string[];
  /** Index of the candidate's line in the zone, and its token range there; -1 for a rule-only candidate. */
  line: number;
  start: number;
  end: number;
  /** The candidate's slot (its side of the article and the shape around it), shared by the page's other articles. */
  slot?: string;
}

export interface OutletModel {
  version: number;
  weights: Record<string, number>;
}

const MINOR = /^(?:of|the|and|for|in|on|at|to|a|an|with|by|from|de|la|le|du|des|der|die|das|y|et|&)$/i;
const TOKEN = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*!?|&/gu;
// times inside a line's wording are one placeholder, so "Posted in X · 3 hours ago" and "... · yesterday" match
const TIME_WORDING =
  /\b(?:\d+|an?|one)\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago\b|\b(?:yesterday|today|just now)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b/gi;

const WHOLE_TIME = new RegExp(`^(?:${TIME_WORDING.source})$`, 'i');

interface Token {
  text: string;
  from: number;
  to: number;
}

function tokens(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], from: m.index, to: m.index + m[0].length }));
}

const capitalised = (t: string): boolean => /^[\p{Lu}\p{N}]/u.test(t);
const upper = (t: string): boolean => /\p{Lu}/u.test(t) && !/\p{Ll}/u.test(t);

/** What stands between two tokens (or a line end): "" for spaces only, else a class of the punctuation. */
function gapClass(g: string, edge: boolean): string {
  const t = g.trim();
  if (!t) return edge ? 'edge' : 'space';
  if (/^[([]/.test(t)) return 'open';
  if (/[)\]]$/.test(t)) return 'close';
  if (/^[:]$/.test(t)) return 'colon';
  if (/^,$/.test(t)) return 'comma';
  if (/^\.$/.test(t)) return 'stop';
  if (/^['’]s?$/.test(t)) return 'possessive';
  if (/^[/]$/.test(t)) return 'slash';
  if (/^[›»>]$/.test(t)) return 'arrow';
  return 'sep';
}

const bucket = (n: number, cuts: readonly number[]): string => {
  for (const c of cuts) if (n <= c) return `${c}`;
  return `${cuts[cuts.length - 1] ?? 0}+`;
};

function template(text: string, from: number, to: number): string {
  return `${text.slice(0, from)}\u0000${text.slice(to)}`
    .replace(TIME_WORDING, '\u0001')
    .replace(/\d+/g, '0')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

interface Span {
  line: number;
  start: number;
  end: number;
  text: string;
  tpl: string;
  /** The span's slot: its side of the article and the shape right around it (see `slotKey`). */
  slot: string;
  /** A coarser slot: the side and whether the span starts or ends its line (a byline may come and go before it). */
  edges: string;
}

const ENDS_WITH_TIME = new RegExp(`(?:${TIME_WORDING.source})\\W*$`, 'i');
const STARTS_WITH_TIME = new RegExp(`^\\W*(?:${TIME_WORDING.source})`, 'i');

/** A neighbouring word as a shape: a time "T", a number "0", a capitalised word "C", a lower-case word itself. */
function wordClass(tok: Token | undefined, time: boolean): string {
  if (!tok) return '^';
  if (time) return 'T';
  if (/^\p{N}/u.test(tok.text)) return '0';
  if (capitalised(tok.text)) return 'C';
  return tok.text.toLowerCase().slice(0, 12);
}

/**
 * Where a span stands, as a shape every article of a page shares when the page names its outlets one way: the side of
 * the article ("above", "title", "after", "below", "page"), the punctuation right around the span and the class of the
 * words next to it ("By C+, [X]" and "[X] · time" differ; two articles' "Jane Doe · [X]" lines match). In the headline
 * line only the punctuation and the line ends count (the headline's words vary).
 */
function slotKey(line: ZoneLine, toks: readonly Token[], s: number, e: number): string {
  const { text } = line;
  const side = line.rel.replace(/-.*$/, '');
  const first = toks[s];
  const last = toks[e];
  if (!first || !last) return side;
  const before = toks[s - 1];
  const after = toks[e + 1];
  const gb = gapClass(text.slice(before?.to ?? 0, first.from), !before);
  const ga = gapClass(text.slice(last.to, after?.from ?? text.length), !after);
  if (line.rel === 'title') return `${side}|${gb}|${ga}`;
  const prev = wordClass(before, ENDS_WITH_TIME.test(text.slice(0, first.from)));
  const next = wordClass(after, STARTS_WITH_TIME.test(text.slice(last.to)));
  return `${side}|${prev}|${gb}|${ga}|${next}`;
}

function spansOf(zone: ArticleZone): Span[] {
  const out: Span[] = [];
  zone.lines.forEach((l, li) => {
    const toks = tokens(l.text);
    for (let s = 0; s < toks.length; s++) {
      const first = toks[s];
      if (!first || !capitalised(first.text)) continue;
      for (let e = s; e < Math.min(toks.length, s + 6); e++) {
        const last = toks[e];
        if (!last) break;
        if (e > s && l.text.slice(toks[e - 1]?.to ?? 0, last.from).trim() !== '') break;
        if (MINOR.test(last.text)) continue;
        // a name ending in an abbreviation keeps its full stop ("Acme Co.")
        const stop = l.text[last.to] === '.' && ABBREVIATION_END.test(`${last.text}.`) ? 1 : 0;
        const text = l.text.slice(first.from, last.to + stop);
        // a time ("15 hours ago", "May 4, 2025") or a number ("2025") names no outlet
        if (WHOLE_TIME.test(text) || /^[\p{N}\s.,:/-]+$/u.test(text)) continue;
        // nor does the whole headline: at most a name set apart at its start or end
        if (l.rel === 'title' && s === 0 && e === toks.length - 1) continue;
        out.push({
          line: li,
          start: s,
          end: e,
          text,
          tpl: template(l.text, first.from, last.to),
          slot: slotKey(l, toks, s, e),
          edges: `${l.rel.replace(/-.*$/, '')}|${s === 0}|${e === toks.length - 1}`,
        });
      }
    }
  });
  return out;
}

const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Candidates of each article of one dump, with their features (dump-level features compare articles). */
export function outletCandidates(zones: readonly ArticleZone[]): OutletCandidate[][] {
  const spans = zones.map(spansOf);
  // wording of each span's line with the span left out, per article: same place and anywhere
  const byTplRel = new Map<string, Map<number, Set<string>>>();
  const byTpl = new Map<string, Map<number, Set<string>>>();
  const add = (m: Map<string, Map<number, Set<string>>>, key: string, a: number, filler: string): void => {
    const per = m.get(key) ?? new Map<number, Set<string>>();
    const set = per.get(a) ?? new Set<string>();
    set.add(filler);
    per.set(a, set);
    m.set(key, per);
  };
  // separator-parts of lines that carry a time (teaser metadata "Outlet · time" elsewhere in the dump)
  const withTime = new Set<string>();
  zones.forEach((z, a) => {
    for (const s of spans[a] ?? []) {
      const rel = z.lines[s.line]?.rel ?? '';
      add(byTplRel, `${rel}\u0002${s.tpl}`, a, norm(s.text));
      add(byTpl, s.tpl, a, norm(s.text));
    }
    for (const l of z.lines)
      if (l.hasTime)
        for (const p of l.text.split(/\s+[-–—|·•/]\s+|\s*[|·•]\s*|[()[\]]/)) withTime.add(norm(p));
  });
  const repeat = (
    m: Map<string, Map<number, Set<string>>>,
    key: string,
    a: number,
    filler: string,
  ): string => {
    const per = m.get(key);
    let same = 0;
    let diff = 0;
    for (const [b, fillers] of per ?? []) {
      if (b === a) continue;
      if ([...fillers].some((f) => f !== filler)) diff++;
      else same++;
    }
    return diff ? (diff >= 2 ? 'diff2' : 'diff1') : same ? 'same' : 'none';
  };
  // the way each headline line ends or starts around a name ("Headline - X", "Headline (X)"): a page's convention
  const titleShapes = zones.map((z, a) => {
    const shapes = new Set<string>();
    for (const s of spans[a] ?? []) {
      const l = z.lines[s.line];
      if (l?.rel !== 'title') continue;
      const g = spanGaps(l.text, s);
      if (g) shapes.add(g);
    }
    return shapes;
  });
  // per slot, the fillers each article has there (digits as 0): the place a page names its outlets in every article
  const fill = (t: string): string => norm(t).replace(/\d+/g, '0');
  const bySlot = new Map<string, Map<number, Set<string>>>();
  const byEdges = new Map<string, Map<number, Set<string>>>();
  spans.forEach((ss, a) => {
    for (const s of ss) {
      add(bySlot, s.slot, a, fill(s.text));
      add(byEdges, s.edges, a, fill(s.text));
    }
  });
  const others = zones.length - 1;
  /** How many other articles have a span in the same slot, and whether theirs are other names or the same one. */
  const shared = (
    m: Map<string, Map<number, Set<string>>>,
    key: string,
    a: number,
    filler: string,
  ): string => {
    let cover = 0;
    let same = 0;
    for (const [b, fillers] of m.get(key) ?? []) {
      if (b === a) continue;
      cover++;
      if (fillers.has(filler)) same++;
    }
    const c = !others
      ? 'alone'
      : cover === others
        ? 'all'
        : cover * 2 >= others
          ? 'most'
          : cover
            ? 'some'
            : 'none';
    // only a name the same in every other article is furniture ("Staff", a section): pages repeat an outlet now and then
    return `${c}|${!cover ? '-' : same === cover ? 'repeat' : 'distinct'}`;
  };
  // a page's template holds for its first and last article too: a line under a body that the last article lacks (or
  // over a headline that the first lacks) is more likely the neighbouring article's
  const rim = (s: Span, side: string): string => {
    const per = bySlot.get(s.slot);
    if (side === 'above') return `above:${per?.has(0) ? 'first' : 'nofirst'}`;
    if (side === 'below') return `below:${per?.has(zones.length - 1) ? 'last' : 'nolast'}`;
    return side;
  };
  const slotFeatures = (s: Span, a: number): string[] => {
    const side = s.edges.replace(/\|.*$/, '');
    const filler = fill(s.text);
    const slot = shared(bySlot, s.slot, a, filler);
    const edges = shared(byEdges, s.edges, a, filler);
    return [
      `slot:${slot.replace(/\|.*$/, '')}`,
      `slot:${slot}`,
      `slot:${slot}@${side}`,
      `edges:${edges}`,
      `edges:${edges}@${s.edges}`,
      `rim:${rim(s, side)}`,
      `rim:${rim(s, side)}|${slot}`,
      `digits:${/\d/.test(s.text)}`,
      `person:${isPersonName(s.text)}`,
    ];
  };
  return zones.map((z, a) => {
    const bodyWords = new Set(tokens(z.body.slice(0, 3000)).map((t) => t.text.toLowerCase()));
    const cands = new Map<string, OutletCandidate>();
    for (const s of spans[a] ?? []) {
      const l = z.lines[s.line];
      if (!l) continue;
      const toks = tokens(l.text);
      const first = toks[s.start];
      const last = toks[s.end];
      if (!first || !last) continue;
      const before = toks[s.start - 1];
      const after = toks[s.end + 1];
      const gapBefore = gapClass(l.text.slice(before?.to ?? 0, first.from), !before);
      const gapAfter = gapClass(l.text.slice(last.to, after?.from ?? l.text.length), !after);
      const n = s.end - s.start + 1;
      const spanToks = toks.slice(s.start, s.end + 1).map((t) => t.text);
      const rest = toks.filter((_, k) => k < s.start || k > s.end).map((t) => t.text);
      const content = spanToks.filter((t) => !MINOR.test(t)).map((t) => t.toLowerCase());
      const inBody = content.filter((t) => bodyWords.has(t)).length;
      const filler = norm(s.text);
      const rel = l.rel;
      const tplRel = repeat(byTplRel, `${rel}\u0002${s.tpl}`, a, filler);
      const tplAny = repeat(byTpl, s.tpl, a, filler);
      const whole = s.start === 0 && s.end === toks.length - 1;
      const prevWord =
        before && !gapBefore.match(/open|close|colon|comma|stop|slash|arrow|sep/) ? before.text : '';
      const nextWord = after && gapAfter === 'space' ? after.text : '';
      // one of several names listed on the line ("Also covered by: A, B"), and whether a colon opens the line before it
      const inList =
        (gapAfter === 'comma' && after !== undefined && capitalised(after.text)) ||
        (gapBefore === 'comma' && before !== undefined && capitalised(before.text));
      const colonBefore = l.text.slice(0, first.from).includes(':');
      // (not in a headline: "Fix It Friday: Lamps, Rugs and Chairs (Outlet)")
      const listStart = l.rel === 'title' ? -1 : listAfterColon(l.text);
      const listed = listStart >= 0 && first.from > listStart;
      const f: string[] = [
        'bias',
        `rel:${rel}`,
        `gap:${l.gap}`,
        `kind:${l.kind}`,
        `kind:${l.kind}@${rel}`,
        `time:${l.hasTime}`,
        `time:${l.hasTime}@${rel}`,
        `whole:${whole}`,
        `whole:${whole}@${rel}`,
        `words:${bucket(n, [1, 2, 3, 4])}`,
        `lineWords:${bucket(toks.length, [1, 2, 3, 5, 8, 12])}`,
        `restWords:${bucket(rest.length, [0, 1, 2, 3, 5, 8])}`,
        `restLower:${rest.length > 0 && rest.every((t) => !capitalised(t))}`,
        `gapBefore:${gapBefore}`,
        `gapAfter:${gapAfter}`,
        `gaps:${gapBefore}|${gapAfter}`,
        `gaps:${gapBefore}|${gapAfter}@${rel}`,
        `prev:${prevWord && !capitalised(prevWord) ? prevWord.toLowerCase() : prevWord ? 'Cap' : '-'}`,
        `next:${nextWord && !capitalised(nextWord) ? nextWord.toLowerCase() : nextWord ? 'Cap' : '-'}`,
        `upper:${spanToks.every((t) => upper(t) || MINOR.test(t) || /^\d/.test(t))}`,
        `nameCase:${spanToks.every((t) => capitalised(t) || MINOR.test(t))}`,
        `lineUpper:${upper(l.text)}`,
        `lineEnd:${/[.!?]["'”’)]*$/.test(l.text) ? 'stop' : /:$/.test(l.text) ? 'colon' : 'none'}`,
        `body:${content.length === 0 ? 'empty' : inBody === content.length ? 'all' : inBody ? 'some' : 'none'}`,
        `tplRel:${tplRel}`,
        `tplRel:${tplRel}@${rel}`,
        `tplAny:${tplAny}`,
        `tplBoth:${tplRel}|${tplAny}`,
        `withTime:${withTime.has(filler)}`,
        `list:${inList}`,
        `list:${inList}|colon:${colonBefore}`,
        `list:${inList}@${rel.replace(/-.*$/, '')}`,
        ...(listed ? ['listed'] : []),
        ...slotFeatures(s, a),
      ];
      if (rel === 'title') {
        const shape = `${gapBefore}|${gapAfter}`;
        const shared = titleShapes.filter((t, b) => b !== a && t.has(shape)).length;
        f.push(`titleShape:${shared ? (shared * 2 >= zones.length - 1 ? 'most' : 'some') : 'none'}`);
        f.push(`titleShape:${shared ? 'shared' : 'none'}|${shape}`);
      }
      const key = filler;
      const prev = cands.get(key);
      // the same name on several lines of the zone: keep the best-placed reading (the one nearest the headline)
      if (!prev)
        cands.set(key, { text: s.text, features: f, line: s.line, start: s.start, end: s.end, slot: s.slot });
      // ...and say that it is named twice (a masthead and a credit line of the same article)
      else if (prev.line !== s.line && !prev.features.includes('twice')) prev.features.push('twice');
    }
    for (const r of z.ruleSources) {
      const key = norm(r.value);
      const c = cands.get(key);
      if (c) c.features.push(`rule:${r.origin}`, 'rule:any');
      else
        cands.set(key, {
          text: r.value,
          features: ['bias', 'ruleOnly', `rule:${r.origin}`, 'rule:any'],
          line: -1,
          start: 0,
          end: 0,
        });
    }
    // "no outlet named here": the segmenter then keeps its rules' outlet
    cands.set('\u0000none', { text: '', features: ['none'], line: -1, start: 0, end: 0 });
    return [...cands.values()];
  });
}

/**
 * Where a list of names starts on a line ("Also covered by: A, B"): after its first colon, when what follows is two or
 * more comma-separated parts, each capitalised and of at most six words ("and" and "&" may be inside a name: "Source:
 * Food & Wine" is no list); -1 when the line is no such list.
 */
export function listAfterColon(text: string): number {
  const i = text.indexOf(':');
  if (i < 0) return -1;
  const parts = text
    .slice(i + 1)
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const ok = parts.length >= 2 && parts.every((p) => /^[\p{Lu}\p{N}]/u.test(p) && p.split(/\s+/).length <= 6);
  return ok ? i : -1;
}

/** The punctuation classes right before and after a span of its line ("sep|edge" for "Headline - X"). */
function spanGaps(text: string, s: Span): string | undefined {
  const toks = tokens(text);
  const first = toks[s.start];
  const last = toks[s.end];
  if (!first || !last) return undefined;
  const before = toks[s.start - 1];
  const after = toks[s.end + 1];
  return `${gapClass(text.slice(before?.to ?? 0, first.from), !before)}|${gapClass(text.slice(last.to, after?.from ?? text.length), !after)}`;
}

/** w · f */
export function score(model: OutletModel, features: readonly string[]): number {
  let s = 0;
  for (const f of features) s += model.weights[f] ?? 0;
  return s;
}

/** The best candidate and its softmax share among the article's candidates; undefined when "none" wins. */
export function pickOutlet(
  model: OutletModel,
  cands: readonly OutletCandidate[],
): { candidate: OutletCandidate; p: number; score: number } | undefined {
  if (!cands.length) return undefined;
  const scores = cands.map((c) => score(model, c.features));
  const max = Math.max(...scores);
  const z = scores.reduce((acc, s) => acc + Math.exp(s - max), 0);
  const i = scores.indexOf(max);
  const candidate = cands[i];
  return candidate && candidate.text ? { candidate, p: 1 / z, score: max } : undefined;
}

/** Path of the shipped weights (works from src/ under vitest and from dist/ after build). */
export const OUTLET_MODEL_FILE = resolve(__dirname, '../../models/dump-outlet.v1.json');

/**
 * Path of the shipped slot weights (session 10): the same candidates scored with the dump-level slot features as
 * well, trained on the composed tune layouts too; used to choose the page's outlet slot (`pickSlot`).
 */
export const SLOT_MODEL_FILE = resolve(__dirname, '../../models/dump-outlet-slot.v2.json');

function load(file: string): OutletModel | null {
  try {
    return file === 'off' ? null : (JSON.parse(readFileSync(file, 'utf8')) as OutletModel);
  } catch {
    return null;
  }
}

let loaded: OutletModel | null | undefined;
let loadedSlots: OutletModel | null | undefined;

/**
 * The shipped per-article model, or null when its file is missing (the segmenter then keeps its rules' outlet). For
 * A/B runs, `DUMP_OUTLET_MODEL` names another weights file, or `off` for the rules alone (no slot choice either).
 */
export function outletModel(): OutletModel | null {
  loaded ??= load(process.env['DUMP_OUTLET_MODEL'] ?? OUTLET_MODEL_FILE);
  return loaded;
}

/**
 * The shipped slot model, or null when its file is missing, `DUMP_SLOT_MODEL` is `off` or the per-article model is
 * off (the segmenter then picks per article). `DUMP_SLOT_MODEL` names another weights file for A/B runs.
 */
export function slotModel(): OutletModel | null {
  if (outletModel() === null) return null;
  loadedSlots ??= load(process.env['DUMP_SLOT_MODEL'] ?? SLOT_MODEL_FILE);
  return loadedSlots;
}

/**
 * One slot for the whole page: the slot whose candidates are most likely outlets summed over the page's articles
 * (each article counts its best candidate there, by its softmax share), among the slots that hold the best candidate of
 * at least two articles and half of them; then each article that has a candidate there scoring above "none" takes it. A
 * name listed beside other names on its line ("Also covered by: A, B") votes for no slot. A page names its
 * outlets in one place, so an article whose own best guess is elsewhere (a byline, a section) follows the others.
 * Returns one pick per article (undefined keeps the article's own pick).
 */
export function pickSlot(
  model: OutletModel,
  cands: ReadonlyArray<readonly OutletCandidate[]>,
): Array<OutletCandidate | undefined> {
  const total = new Map<string, number>();
  const tops = new Map<string, number>();
  const best: Array<Map<string, { c: OutletCandidate; s: number }>> = cands.map((mine) => {
    const scores = mine.map((c) => score(model, c.features));
    const max = Math.max(0, ...scores);
    const z = scores.reduce((acc, s) => acc + Math.exp(s - max), 0);
    const per = new Map<string, { c: OutletCandidate; s: number }>();
    // the article's own best (a rule-only outlet or "none" votes for no slot)
    let top: { slot: string | undefined; s: number } = { slot: undefined, s: 0 };
    mine.forEach((c, k) => {
      const s = scores[k] ?? 0;
      // one of several names listed on a line ("Also covered by: A, B") is no slot of the page's own outlets
      const listed = c.features.includes('list:true') || c.features.includes('listed');
      if (s > top.s) top = { slot: c.slot && c.text && !listed ? c.slot : undefined, s };
      if (!c.slot || !c.text || listed) return;
      if (s > (per.get(c.slot)?.s ?? -Infinity)) per.set(c.slot, { c, s });
    });
    for (const [slot, { s }] of per) total.set(slot, (total.get(slot) ?? 0) + Math.exp(s - max) / z);
    if (top.slot) tops.set(top.slot, (tops.get(top.slot) ?? 0) + 1);
    return per;
  });
  let chosen: string | undefined;
  const votes = (slot: string): number => tops.get(slot) ?? 0;
  // a line under every body but the last one is the next article's head, not a foot (and a line over every headline
  // but the first one is the previous article's foot): a page's own slot holds for its first and last article too
  const rims = (slot: string): boolean => {
    const at = slot.startsWith('below') ? best.length - 1 : slot.startsWith('above') ? 0 : -1;
    return at < 0 || (best[at]?.get(slot)?.s ?? 0) > 0;
  };
  for (const [slot, t] of total)
    if (
      votes(slot) >= 2 &&
      votes(slot) * 2 >= cands.length &&
      rims(slot) &&
      (chosen === undefined || t > (total.get(chosen) ?? 0))
    )
      chosen = slot;
  return best.map((per) => {
    const there = chosen === undefined ? undefined : per.get(chosen);
    return there && there.s > 0 ? there.c : undefined;
  });
}
