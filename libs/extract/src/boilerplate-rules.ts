import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RemovedSpan } from './extract.types.js';

/** One rule as written in a rule file. */
export interface BoilerplateRuleSpec {
  id: string;
  kind:
    | 'line'
    | 'section-end'
    | 'inline'
    | 'html-negative'
    | 'html-negative-strong'
    | 'html-positive'
    | 'html-drop-selector';
  pattern: string;
  flags?: string;
  description?: string;
}

/** A rule file: `{ version, rules: [...] }`. */
export interface BoilerplateRuleFile {
  version: number;
  description?: string;
  rules: BoilerplateRuleSpec[];
}

interface CompiledRule {
  id: string;
  re: RegExp;
}

/** Rules compiled for use by the extractors. */
export interface RuleSet {
  versions: string[];
  line: CompiledRule[];
  sectionEnd: CompiledRule[];
  inline: CompiledRule[];
  htmlNegative: CompiledRule[];
  /** Negative class/id names removed even from wrappers that hold many paragraphs (galleries, comments). */
  htmlNegativeStrong: CompiledRule[];
  htmlPositive: CompiledRule[];
  dropSelector: string;
}

/** Path of the built-in rule file (works from src/ under vitest and from dist/ after build). */
export const BUILTIN_RULE_FILE = resolve(__dirname, '../rules/boilerplate.v1.json');

/** Error raised when a rule file cannot be read or has an invalid rule. */
export class BoilerplateRuleError extends Error {
  readonly code = 'EXTRACT_BAD_RULE_FILE';
}

function isRuleFile(x: unknown): x is BoilerplateRuleFile {
  if (typeof x !== 'object' || x === null) return false;
  const r = (x as { rules?: unknown }).rules;
  return Array.isArray(r);
}

/** Compiles rule files (built-in first, then `extraFiles` in order). Throws {@link BoilerplateRuleError}. */
export function compileRuleFiles(
  files: ReadonlyArray<{ name: string; content: BoilerplateRuleFile }>,
): RuleSet {
  const set: RuleSet = {
    versions: [],
    line: [],
    sectionEnd: [],
    inline: [],
    htmlNegative: [],
    htmlNegativeStrong: [],
    htmlPositive: [],
    dropSelector: '',
  };
  const seen = new Set<string>();
  const selectors: string[] = [];
  for (const { name, content } of files) {
    set.versions.push(`${name}@v${content.version}`);
    for (const rule of content.rules) {
      if (typeof rule.id !== 'string' || typeof rule.pattern !== 'string') {
        throw new BoilerplateRuleError(`${name}: every rule needs a string id and pattern`);
      }
      if (seen.has(rule.id)) throw new BoilerplateRuleError(`${name}: duplicate rule id ${rule.id}`);
      seen.add(rule.id);
      if (rule.kind === 'html-drop-selector') {
        selectors.push(rule.pattern);
        continue;
      }
      const baseFlags = rule.flags ?? (rule.kind === 'inline' ? '' : 'i');
      const flags = rule.kind === 'inline' ? `${baseFlags.replace(/g/g, '')}g` : baseFlags.replace(/g/g, '');
      let re: RegExp;
      try {
        re = new RegExp(rule.pattern, flags.includes('u') ? flags : `${flags}u`);
      } catch {
        try {
          re = new RegExp(rule.pattern, flags);
        } catch (err) {
          throw new BoilerplateRuleError(
            `${name}: rule ${rule.id} has an invalid pattern: ${(err as Error).message}`,
          );
        }
      }
      const compiled = { id: rule.id, re };
      switch (rule.kind) {
        case 'line':
          set.line.push(compiled);
          break;
        case 'section-end':
          set.sectionEnd.push(compiled);
          break;
        case 'inline':
          set.inline.push(compiled);
          break;
        case 'html-negative':
          set.htmlNegative.push(compiled);
          break;
        case 'html-negative-strong':
          set.htmlNegativeStrong.push(compiled);
          break;
        case 'html-positive':
          set.htmlPositive.push(compiled);
          break;
        default:
          throw new BoilerplateRuleError(`${name}: rule ${String(rule.id)} has unknown kind`);
      }
    }
  }
  set.dropSelector = selectors.join(', ');
  return set;
}

function readRuleFile(path: string): BoilerplateRuleFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new BoilerplateRuleError(`cannot read rule file ${path}: ${(err as Error).message}`);
  }
  if (!isRuleFile(parsed)) throw new BoilerplateRuleError(`${path}: expected { version, rules: [] }`);
  return parsed;
}

const cache = new Map<string, RuleSet>();
let defaultExtraFiles: string[] = [];

/**
 * Sets process-wide extra rule files (e.g. from the NEWSFLOW_EXTRACT_RULES env var, read by the service config or
 * the CLI). Throws {@link BoilerplateRuleError} at once if a file is bad, so a bad configuration fails at start.
 */
export function configureBoilerplateRules(extraFiles: readonly string[]): RuleSet {
  defaultExtraFiles = [...extraFiles];
  return loadRuleSet();
}

/** Built-in rules plus the configured extra files plus `extraFiles`; compiled once per distinct list. */
export function loadRuleSet(extraFiles: readonly string[] = []): RuleSet {
  const files = [...defaultExtraFiles, ...extraFiles];
  const key = files.join('\u0000');
  const hit = cache.get(key);
  if (hit) return hit;
  const compiled = compileRuleFiles([
    { name: 'boilerplate', content: readRuleFile(BUILTIN_RULE_FILE) },
    ...files.map((f) => ({ name: f, content: readRuleFile(f) })),
  ]);
  cache.set(key, compiled);
  return compiled;
}

/** Returns the id of the first `line` rule matching the whole (trimmed) line, if any. */
export function matchLineRule(rules: RuleSet, line: string): string | undefined {
  for (const r of rules.line) if (r.re.test(line)) return r.id;
  return undefined;
}

/** Returns the id of the first `section-end` rule matching the line, if any. */
export function matchSectionEnd(rules: RuleSet, line: string): string | undefined {
  for (const r of rules.sectionEnd) if (r.re.test(line)) return r.id;
  return undefined;
}

/** Removes inline boilerplate spans; removed spans are pushed to `removed` when given. */
export function applyInlineRules(rules: RuleSet, text: string, removed?: RemovedSpan[]): string {
  let out = text;
  for (const r of rules.inline) {
    r.re.lastIndex = 0;
    if (!r.re.test(out)) continue;
    r.re.lastIndex = 0;
    out = out.replace(r.re, (m: string) => {
      if (removed && m.trim()) removed.push({ ruleId: r.id, text: m.trim() });
      return ' ';
    });
  }
  return out === text
    ? text
    : out
        .replace(/ {2,}/g, ' ')
        .replace(/ ([.,;:!?])/g, '$1')
        .trim();
}
