import type { Gazetteer, GazetteerEntry } from '../gazetteer/gazetteer.js';
import { PEOPLE } from '../gazetteer/curated.js';
import { bioSpans } from '../ner/conll.js';
import type { EntityTagger } from '../ner/entity-tagger.js';
import { sentences, type Token } from '../text/tokenize.js';

/** Entity types of the public API. */
export type EntityType = 'person' | 'place' | 'organisation';

/** A recognised entity mention. Offsets are into the analysed text (`${title}\n\n${body}`). */
export interface Entity {
  type: EntityType;
  text: string;
  canonical: string;
  start: number;
  end: number;
  confidence: number;
  /** ISO 3166-1 alpha-2 */
  country?: string;
}

/** Entities plus country evidence (places, demonyms, people) with mention weights, most salient first. */
export interface EntityResult {
  entities: Entity[];
  countries: Array<{ code: string; weight: number }>;
}

interface Candidate {
  startTok: number;
  endTok: number;
  type: EntityType | 'misc';
  source: 'ner' | 'gazetteer';
  entry?: GazetteerEntry;
  confidence: number;
}

const WORD = /[\p{L}\p{N}]/u;
/** Capitalised words and acronyms of news copy that the tagger sometimes takes for names. */
const NOT_ENTITIES: ReadonlySet<string> = new Set(
  'AI CEO CEOs CFO COO GDP PC PCs TV CD CDs DVD DVDs MP MPs MEP MEPs PM IT VAT EV EVs SUV SUVs IPO CCTV DNA HIV AIDS GMT BST AM FM UN-backed Q1 Q2 Q3 Q4 Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July August September October November December'.split(
    ' ',
  ),
);
const HONORIFIC = /^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Rev|Gen|Col|Capt|Sen|Rep|Gov)\.?\s+)+/;

const NER_TYPE: Record<string, EntityType | 'misc'> = {
  PER: 'person',
  LOC: 'place',
  ORG: 'organisation',
  MISC: 'misc',
};

function kindToType(e: GazetteerEntry): EntityType | 'misc' {
  switch (e.kind) {
    case 'person':
      return 'person';
    case 'organisation':
      return 'organisation';
    case 'demonym':
      return 'misc';
    case 'country':
    case 'capital':
    case 'city':
    case 'region':
      return 'place';
  }
}

/** Surname (last token) -> curated person, for surnames that belong to exactly one curated person. */
const SURNAMES: ReadonlyMap<string, (typeof PEOPLE)[number]> = (() => {
  const m = new Map<string, (typeof PEOPLE)[number] | null>();
  for (const p of PEOPLE) {
    for (const name of [p.canonical, ...p.aliases]) {
      const parts = name.split(' ');
      if (parts.length < 2) continue;
      // Chinese and Korean names put the family name first (Xi Jinping); others last.
      const keys = new Set([parts[parts.length - 1] ?? '', parts[0] ?? '']);
      for (const k of keys) {
        if (k.length < 2) continue;
        const prev = m.get(k);
        m.set(k, prev === undefined || prev === p ? p : null);
      }
    }
  }
  const out = new Map<string, (typeof PEOPLE)[number]>();
  for (const [k, v] of m) if (v) out.set(k, v);
  return out;
})();

const FIRST_NAMES_ARE_RISKY = new Set([
  'Donald',
  'Joe',
  'Mark',
  'Tony',
  'Gordon',
  'Kim',
  'Li',
  'Wang',
  'Ali',
  'Paul',
  'Justin',
  'Pedro',
  'Maria',
  'Sergei',
  'Dmitry',
  'Vladimir',
  'Olaf',
  'Keir',
  'Mohamed',
  'Mohammed',
  'Narendra',
  'Emmanuel',
  'Friedrich',
  'Benjamin',
  'Kamala',
  'Volodymyr',
  'Rishi',
  'Cyril',
  'Felix',
  'Masoud',
  'Shigeru',
  'Giorgia',
  'Claudia',
  'Shehbaz',
  'Recep',
  'Luiz',
  'Ursula',
  'Antonio',
]);

/**
 * Recognises people, places and organisations: the trained tagger proposes spans; the gazetteer
 * confirms, retypes and adds spans (curated people and organisations, countries, capitals, known
 * place aliases; plain city names only when the tagger also saw a location there, so "Vladimir" in
 * "Vladimir Putin" is no city). Then names are canonicalised within the document (a lone "Xi" becomes
 * "Xi Jinping" when that full name appears, or when Xi is the surname of exactly one curated leader;
 * "Kiev" becomes "Kyiv"; "the Kremlin" is "Kremlin") and places and demonyms are resolved to countries.
 */
export class EntityExtractor {
  constructor(
    private readonly tagger: EntityTagger,
    private readonly gazetteer: Gazetteer,
  ) {}

  extract(text: string, tokens: readonly Token[]): EntityResult {
    const sents = sentences(tokens as Token[]);
    const { tags, confidence } = this.tagger.tagWithConfidence(sents.map((s) => s.map((t) => t.text)));
    const cands: Candidate[] = [];
    let offset = 0;
    sents.forEach((s, si) => {
      const conf = confidence[si] ?? [];
      for (const [a, b, ty] of bioSpans(tags[si] ?? [])) {
        let c = 0;
        for (let k = a; k < b; k++) c += conf[k] ?? 0;
        cands.push({
          startTok: offset + a,
          endTok: offset + b,
          type: NER_TYPE[ty] ?? 'misc',
          source: 'ner',
          confidence: c / (b - a),
        });
      }
      offset += s.length;
    });

    // Gazetteer matches, sentence by sentence so that no name spans a sentence break.
    const gaz: Candidate[] = [];
    offset = 0;
    for (const s of sents) {
      for (const [a, b, e] of this.gazetteer.matchTokens(s)) {
        gaz.push({
          startTok: offset + a,
          endTok: offset + b,
          type: kindToType(e),
          source: 'gazetteer',
          entry: e,
          confidence: 0.9,
        });
      }
      offset += s.length;
    }

    // Hyphenated names the tokenizer split ("Jean-Philippe Cotis", "Rolls-Royce"): join two tagger spans
    // separated by a bare hyphen, unless a side is a known place or demonym ("China-Russia ties").
    for (let k = cands.length - 2; k >= 0; k--) {
      const a = cands[k] as Candidate;
      const b = cands[k + 1] as Candidate;
      const hy = tokens[a.endTok];
      if (
        b.startTok !== a.endTok + 1 ||
        hy?.text !== '-' ||
        (a.type !== 'person' && a.type !== 'organisation')
      )
        continue;
      if (tokens[a.endTok - 1]?.end !== hy.start || tokens[b.startTok]?.start !== hy.end) continue;
      const sideIsPlace = [a, b].some((c) => {
        const e = this.gazetteer.lookup(
          text.slice(tokens[c.startTok]?.start ?? 0, tokens[c.endTok - 1]?.end ?? 0),
        );
        return e !== undefined && (e.kind === 'country' || e.kind === 'demonym' || e.kind === 'capital');
      });
      if (sideIsPlace) continue;
      cands.splice(k, 2, {
        ...a,
        endTok: b.endTok,
        type: b.type === 'person' || a.type === 'person' ? 'person' : a.type,
        confidence: Math.min(a.confidence, b.confidence),
      });
    }
    // Curated people and organisations split tagger spans that run across them
    // ("Donald Trump REUTERS" -> "Donald Trump" + "REUTERS"); leftover pieces keep the tagger's type.
    for (const g of gaz) {
      if (g.type !== 'person' && g.type !== 'organisation') continue;
      for (let k = 0; k < cands.length; k++) {
        const c = cands[k] as Candidate;
        const overlaps = c.startTok < g.endTok && g.startTok < c.endTok;
        if (!overlaps || (c.startTok >= g.startTok && c.endTok <= g.endTok)) continue;
        const pieces: Candidate[] = [];
        if (c.startTok < g.startTok) pieces.push({ ...c, endTok: g.startTok });
        if (c.endTok > g.endTok) pieces.push({ ...c, startTok: g.endTok });
        cands.splice(k, 1, ...pieces);
        k += pieces.length - 1;
      }
    }
    // Trim punctuation at span edges; drop spans left without a word.
    for (let k = cands.length - 1; k >= 0; k--) {
      const c = cands[k] as Candidate;
      while (c.startTok < c.endTok && !WORD.test(tokens[c.startTok]?.text ?? '')) c.startTok++;
      while (c.endTok > c.startTok && !WORD.test(tokens[c.endTok - 1]?.text ?? '')) c.endTok--;
      if (c.endTok <= c.startTok) cands.splice(k, 1);
    }

    const final: Candidate[] = [];
    const taken = new Array<boolean>(tokens.length).fill(false);
    const place = (c: Candidate): void => {
      for (let k = c.startTok; k < c.endTok; k++) if (taken[k]) return;
      for (let k = c.startTok; k < c.endTok; k++) taken[k] = true;
      final.push(c);
    };
    // 1. Curated people and organisations that cover a tagger span (or where the tagger saw nothing).
    for (const g of gaz) {
      if (g.type !== 'person' && g.type !== 'organisation') continue;
      const overl = cands.filter((c) => c.startTok < g.endTok && g.startTok < c.endTok);
      if (overl.every((c) => c.startTok >= g.startTok && c.endTok <= g.endTok)) {
        place({ ...g, confidence: Math.max(g.confidence, ...overl.map((c) => c.confidence)) });
      }
    }
    // 2. Tagger spans, with gazetteer agreement raising confidence.
    for (const c of cands) {
      const g = gaz.find((x) => x.startTok === c.startTok && x.endTok === c.endTok);
      if (g?.entry && (g.type === c.type || (g.type === 'misc' && c.type === 'misc'))) {
        place({ ...c, entry: g.entry, confidence: Math.max(c.confidence, 0.9) });
      } else if (
        g?.entry &&
        g.type === 'place' &&
        c.type === 'organisation' &&
        (g.entry.kind === 'country' || g.entry.kind === 'capital')
      ) {
        // "Russia", "Kyiv" as a political actor: the desk wants the place.
        place({ ...c, type: 'place', entry: g.entry });
      } else {
        place(c);
      }
    }
    // 3. Gazetteer places and demonyms the tagger missed: countries, capitals, regions, curated aliases.
    for (const g of gaz) {
      if (g.type === 'person' || g.type === 'organisation' || !g.entry) continue;
      if (g.entry.kind === 'city') continue;
      place({ ...g, confidence: 0.7 });
    }
    // 4. Lone surnames of curated people ("Xi", "Putin") the tagger did not type as something else.
    tokens.forEach((t, k) => {
      if (taken[k]) return;
      const p = SURNAMES.get(t.text);
      // Followed by another capitalised word, it is part of some other name ("Xi Wang", "Modi Group").
      const nextCap = /^\p{Lu}/u.test(tokens[k + 1]?.text ?? '') && tokens[k + 1]?.sentence === t.sentence;
      if (p && !nextCap && !FIRST_NAMES_ARE_RISKY.has(t.text))
        place({
          startTok: k,
          endTok: k + 1,
          type: 'person',
          source: 'gazetteer',
          confidence: 0.6,
          entry: {
            surface: t.text,
            kind: 'person',
            canonical: p.canonical,
            ...(p.country ? { country: p.country } : {}),
          },
        });
    });
    final.sort((a, b) => a.startTok - b.startTok);

    return this.resolve(text, tokens, final);
  }

  private resolve(text: string, tokens: readonly Token[], cands: Candidate[]): EntityResult {
    const surface = (c: Candidate): string =>
      text.slice(tokens[c.startTok]?.start ?? 0, tokens[c.endTok - 1]?.end ?? 0);
    // Full person names in this document (with where they occur), to expand lone first or last names.
    const fullMentions = cands
      .filter((c) => c.type === 'person' && c.endTok - c.startTok >= 2)
      .map((c) => ({
        name:
          c.entry?.canonical ??
          surface(c)
            .replace(HONORIFIC, '')
            .replace(/['’]s$/, ''),
        at: c.startTok,
      }))
      .filter((m) => m.name.includes(' '));
    const fullNames = [...new Set(fullMentions.map((m) => m.name))];
    // The full name a short mention refers to: the only full name here containing it, or, when
    // several do ("Smith" after "Angela Smith" and "John Smith"), the one mentioned last before it;
    // undefined when that is still ambiguous.
    const expand = (short: string, at: number): string | undefined => {
      const options = fullNames.filter((n) => n !== short && n.split(' ').includes(short));
      if (options.length <= 1) return options[0];
      let best: { name: string; at: number } | undefined;
      for (const m of fullMentions)
        if (m.at < at && options.includes(m.name) && (best === undefined || m.at > best.at)) best = m;
      return best?.name;
    };
    const countryWeights = new Map<string, number>();
    const addCountry = (cc: string | undefined, w: number): void => {
      if (cc) countryWeights.set(cc, (countryWeights.get(cc) ?? 0) + w);
    };
    // One name, one type per document: a lone token typed as organisation or place that is part of a
    // full person name here ("Trump's presidency" after "Donald Trump") is that person.
    const personTokens = new Set(fullNames.flatMap((n) => n.split(' ')));
    for (const c of cands) {
      if (
        (c.type === 'organisation' || c.type === 'place') &&
        !c.entry &&
        c.endTok - c.startTok === 1 &&
        personTokens.has(surface(c))
      ) {
        c.type = 'person';
        c.confidence = Math.max(c.confidence, 0.5);
      }
    }
    const entities: Entity[] = [];
    for (const c of cands) {
      const text0 = surface(c);
      if (!c.entry && NOT_ENTITIES.has(text0)) continue;
      const start = tokens[c.startTok]?.start ?? 0;
      const end = tokens[c.endTok - 1]?.end ?? start;
      // Early mentions (title, lead) count more for salience.
      const salience = start < 400 ? 1.5 : 1;
      if (c.type === 'misc') {
        const e = c.entry ?? this.gazetteer.lookup(text0);
        if (e?.kind === 'demonym') addCountry(e.country, 0.5 * salience);
        continue;
      }
      let canonical = c.entry?.canonical ?? text0.replace(/^the\s+/i, '');
      // Honorifics are not part of a person's canonical name ("Mr Blair" -> "Blair" -> "Tony Blair").
      if (c.type === 'person' && !c.entry)
        canonical = canonical.replace(HONORIFIC, '').replace(/['’]s$/, '') || canonical;
      let country = c.entry?.country;
      if (c.type === 'person') {
        if (!c.entry || c.endTok - c.startTok === 1) {
          const full = expand(canonical, c.startTok);
          if (full) canonical = full;
          else if (!c.entry) {
            const p = SURNAMES.get(canonical);
            if (p && !FIRST_NAMES_ARE_RISKY.has(canonical)) {
              canonical = p.canonical;
              c.confidence = Math.max(c.confidence, 0.6);
            }
          }
        }
        const known = PEOPLE.find((p) => p.canonical === canonical);
        if (known) c.confidence = Math.max(c.confidence, 0.8);
        country ??= known?.country;
        addCountry(country, 0.25 * salience);
      } else if (c.type === 'place') {
        const e = c.entry ?? this.gazetteer.lookup(canonical);
        // A city whose name is often a lower-case word ("Man", "Reading", "Nice") is not resolved:
        // too often a different place or no place at all.
        const caps =
          e?.kind === 'city' && !canonical.includes(' ')
            ? this.tagger.capitalisation(canonical.toLowerCase())
            : undefined;
        const commonWord = caps === 'L' || caps === 'm';
        if (commonWord) country = undefined;
        if (
          e &&
          !commonWord &&
          (e.kind === 'country' || e.kind === 'capital' || e.kind === 'city' || e.kind === 'region')
        ) {
          canonical = e.canonical;
          country = e.country;
        }
        addCountry(country, salience);
      } else {
        const e = c.entry ?? this.gazetteer.lookup(canonical);
        if (e?.kind === 'organisation') {
          canonical = e.canonical;
          country = e.country;
        }
      }
      entities.push({
        type: c.type,
        text: text0,
        canonical,
        start,
        end,
        confidence: Math.round(Math.min(0.99, Math.max(0.05, c.confidence)) * 100) / 100,
        ...(country ? { country } : {}),
      });
    }
    const countries = [...countryWeights]
      .map(([code, weight]) => ({ code, weight }))
      .sort((a, b) => b.weight - a.weight || (a.code < b.code ? -1 : 1));
    return { entities, countries };
  }
}
