/** What a script accepts besides `--name value` options. */
export interface ScriptArgsOptions {
  /** Options that never take a value: `--body 0054` is the flag `--body` and the argument `0054`. */
  flags?: readonly string[];
  /** Accept arguments that are not options (read in order from `positionals`) instead of failing on them. */
  positionals?: boolean;
}

/**
 * The one command-line parser for benchmark and evaluation scripts: options `--name value` and flags `--flag`, read
 * with typed readers and defaults, and positional arguments where a script asks for them; an unknown option or a
 * stray argument is an error, so a typo is never silently ignored.
 */
export class ScriptArgs {
  private readonly values = new Map<string, string>();
  /** The arguments that are not options or option values, in order (only with `positionals: true`). */
  readonly positionals: readonly string[];

  constructor(argv: readonly string[] = process.argv.slice(2), options: ScriptArgsOptions = {}) {
    const positionals: string[] = [];
    for (let i = 0; i < argv.length; i += 1) {
      const a = argv[i];
      if (a === undefined) continue;
      if (!a.startsWith('--')) {
        if (!options.positionals) throw new Error(`unexpected argument "${a}"; options are --name value`);
        positionals.push(a);
        continue;
      }
      const next = argv[i + 1];
      if (options.flags?.includes(a.slice(2))) this.values.set(a.slice(2), 'true');
      else if (next !== undefined && !next.startsWith('--')) {
        this.values.set(a.slice(2), next);
        i += 1;
      } else this.values.set(a.slice(2), 'true');
    }
    this.positionals = positionals;
  }

  /** A positive number; `fallback` when the option is absent. */
  number(name: string, fallback: number): number {
    const raw = this.values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} expects a positive number, got "${raw}"`);
    return n;
  }

  /** The option's value, or `fallback`; `undefined` only if the fallback is. */
  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    return this.values.get(name) ?? fallback;
  }

  flag(name: string): boolean {
    return this.values.get(name) === 'true';
  }

  /** Fails on options the script does not know. */
  allowOnly(names: readonly string[]): void {
    for (const k of this.values.keys())
      if (!names.includes(k))
        throw new Error(`unknown option --${k}; known: ${names.map((n) => `--${n}`).join(' ') || 'none'}`);
  }
}
