import { readModelJson } from '../model-store.js';
import { DEMONYM_ALIASES, ORGANISATIONS, PEOPLE, PLACE_ALIASES, REGIONS } from './curated.js';

/** What a gazetteer name denotes. */
export type GazetteerKind = 'country' | 'capital' | 'city' | 'region' | 'demonym' | 'organisation' | 'person';

/** One gazetteer entry: a surface form, its kind, canonical name and country (ISO alpha-2), if any. */
export interface GazetteerEntry {
  surface: string;
  kind: GazetteerKind;
  canonical: string;
  country?: string;
}

interface GazetteerFile {
  countries: Record<string, { name: string; capital?: string }>;
  names: Array<[string, string, string]>;
}

/** Normalised lookup key: curly apostrophes to straight, case kept apart from the first letter test. */
function key(s: string): string {
  return s.replace(/’/g, "'").toLowerCase();
}

/**
 * Country, place, demonym, organisation and people names, matched over tokens. Built once from
 * models/gazetteer.json (generated) plus the curated alias tables; lookups are case-insensitive but
 * matches over running text require a capitalised first token, so "china" (porcelain) or "turkey"
 * never match in lower case.
 */
export class Gazetteer {
  private readonly byKey = new Map<string, GazetteerEntry>();
  /** First token (lower case) -> longest name length in tokens starting with it. */
  private readonly firstToken = new Map<string, number>();
  /** Lower-case token -> kinds of the names it occurs in (a feature for the entity tagger). */
  private readonly tokenKindMap = new Map<string, Set<GazetteerKind>>();
  readonly countryNames: ReadonlyMap<string, string>;

  constructor(file: GazetteerFile) {
    const countryNames = new Map<string, string>();
    for (const [cc, c] of Object.entries(file.countries)) countryNames.set(cc, c.name);
    // Prefer common short names for canonical display.
    countryNames.set('US', 'United States');
    countryNames.set('GB', 'United Kingdom');
    countryNames.set('CD', 'DR Congo');
    this.countryNames = countryNames;

    // Curated entries first: they win over generated ones with the same key.
    for (const p of PEOPLE) {
      for (const s of [p.canonical, ...p.aliases])
        this.add({
          surface: s,
          kind: 'person',
          canonical: p.canonical,
          ...(p.country ? { country: p.country } : {}),
        });
    }
    for (const o of ORGANISATIONS) {
      for (const s of [o.canonical, ...o.aliases.filter((a) => !a.startsWith('the '))]) {
        this.add({
          surface: s,
          kind: 'organisation',
          canonical: o.canonical,
          ...(o.country ? { country: o.country } : {}),
        });
      }
    }
    for (const [s, cc, canonical] of PLACE_ALIASES) {
      const isCountry =
        countryNames.get(cc) === canonical || canonical === 'United States' || canonical === 'United Kingdom';
      const isCapital =
        file.countries[cc]?.capital === canonical || canonical === 'Washington' || canonical === 'New Delhi';
      this.add({
        surface: s,
        kind: isCountry ? 'country' : isCapital ? 'capital' : 'city',
        canonical,
        country: cc,
      });
    }
    for (const r of REGIONS) this.add({ surface: r, kind: 'region', canonical: r });
    for (const [s, cc] of DEMONYM_ALIASES)
      this.add({ surface: s, kind: 'demonym', canonical: countryNames.get(cc) ?? s, country: cc });
    for (const [s, cc, kind] of file.names) {
      const k = kind as GazetteerKind;
      const canonical = k === 'country' || k === 'demonym' ? (countryNames.get(cc) ?? s) : s;
      this.add({ surface: s, kind: k, canonical, country: cc });
    }
  }

  /** Loads the shipped gazetteer. */
  static load(): Gazetteer {
    return new Gazetteer(readModelJson<GazetteerFile>('gazetteer.json'));
  }

  private add(e: GazetteerEntry): void {
    const k = key(e.surface);
    if (this.byKey.has(k)) return;
    this.byKey.set(k, e);
    const parts = k.split(/\s+/);
    const first = parts[0] ?? '';
    this.firstToken.set(first, Math.max(this.firstToken.get(first) ?? 0, parts.length));
    for (const p of parts) {
      let kinds = this.tokenKindMap.get(p);
      if (!kinds) this.tokenKindMap.set(p, (kinds = new Set()));
      kinds.add(e.kind);
    }
  }

  /** Exact (case-insensitive) lookup of a whole name. */
  lookup(surface: string): GazetteerEntry | undefined {
    return this.byKey.get(key(surface.trim()));
  }

  /** Kinds of gazetteer names that contain this token, for tagger features. */
  tokenKinds(token: string): ReadonlySet<GazetteerKind> | undefined {
    return this.tokenKindMap.get(key(token));
  }

  /** Country name for an ISO alpha-2 code. */
  countryName(cc: string): string | undefined {
    return this.countryNames.get(cc);
  }

  /**
   * Longest-first matches over a token sequence. Returns [startToken, endTokenExclusive, entry].
   * A match must start with a capitalised token (or an all-caps acronym).
   */
  matchTokens(tokens: ReadonlyArray<{ text: string }>): Array<[number, number, GazetteerEntry]> {
    const out: Array<[number, number, GazetteerEntry]> = [];
    for (let i = 0; i < tokens.length;) {
      const t = tokens[i]?.text ?? '';
      const maxLen = /^\p{Lu}/u.test(t) ? this.firstToken.get(key(t)) : undefined;
      let matched = 0;
      if (maxLen !== undefined) {
        for (let len = Math.min(maxLen, tokens.length - i); len >= 1; len--) {
          const surface = tokens
            .slice(i, i + len)
            .map((x) => x.text)
            .join(' ');
          const e = this.byKey.get(key(surface));
          if (e) {
            out.push([i, i + len, e]);
            matched = len;
            break;
          }
        }
      }
      i += matched > 0 ? matched : 1;
    }
    return out;
  }
}
