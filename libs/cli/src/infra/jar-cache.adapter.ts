import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { InfraConfig } from './infra.config.js';
import { InfraError } from './infra.exception.js';
import { runToCompletion } from './process.adapter.js';

/** The two JVM servers whose jars come from Maven Central. */
export type JvmComponent = 'kafka' | 'opensearch';

/** Where a component's jars (and, for OpenSearch, the compiled launcher) live in the cache. */
export interface JarSet {
  readonly component: JvmComponent;
  readonly version: string;
  readonly libsDir: string;
  /** Compiled OsLauncher.class (OpenSearch only). */
  readonly classesDir: string;
  /** java -cp value. */
  readonly classpath: string;
  /** True when this call ran mvn (or javac); false when the cache was complete. */
  readonly fetched: boolean;
}

const MARKER = '.complete';

function sha256(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** Directory of a component's cache entry: <cache>/<component>-<version>. */
export function componentCacheDir(config: InfraConfig, component: JvmComponent): string {
  return join(config.cacheDir, `${component}-${config[component].version}`);
}

function javacFor(java: string): string {
  return isAbsolute(java) ? join(dirname(java), 'javac') : 'javac';
}

/**
 * Makes sure the component's runtime jars are in the cache, running
 * `mvn dependency:copy-dependencies -DincludeScope=runtime` only when the folder lacks a completion marker whose
 * content matches the pom (so editing a version re-fetches, and a second run downloads nothing).
 * For OpenSearch it also compiles infra/local/opensearch/OsLauncher.java into the cache (a compiled class starts
 * faster than single-file source mode, which compiles in-process on every start).
 */
export function ensureJars(
  config: InfraConfig,
  component: JvmComponent,
  log: (line: string) => void,
): JarSet {
  const projectDir = join(config.repoRoot, 'infra', 'local', component);
  const pom = join(projectDir, 'pom.xml');
  const dir = componentCacheDir(config, component);
  const libsDir = join(dir, 'libs');
  const marker = join(dir, MARKER);
  const wanted = sha256(readFileSync(pom, 'utf8'));
  const source = join(projectDir, 'OsLauncher.java');
  const wantedClass = component === 'opensearch' ? sha256(readFileSync(source, 'utf8'), wanted) : '';
  // One folder per launcher version: a recompile never deletes the classes a running node was started from.
  const classesDir = join(
    dir,
    component === 'opensearch' ? `classes-${wantedClass.slice(0, 12)}` : 'classes',
  );
  let fetched = false;

  if (!existsSync(marker) || readFileSync(marker, 'utf8').trim() !== wanted) {
    log(
      `${component}: fetching ${component} ${config[component].version} jars from Maven Central into ${libsDir}`,
    );
    log(`${component}:   mvn -B -q -f ${pom} dependency:copy-dependencies -DincludeScope=runtime`);
    rmSync(libsDir, { recursive: true, force: true });
    mkdirSync(libsDir, { recursive: true });
    const started = Date.now();
    try {
      runToCompletion(
        'mvn',
        [
          '-B',
          '-q',
          '-f',
          pom,
          'dependency:copy-dependencies',
          '-DincludeScope=runtime',
          `-DoutputDirectory=${libsDir}`,
        ],
        projectDir,
        `fetching ${component} jars`,
      );
    } catch (err) {
      if (err instanceof InfraError && err.code === 'TOOL_MISSING') {
        throw new InfraError('TOOL_MISSING', 'Maven (mvn) is not installed: apt-get install -y maven');
      }
      throw new InfraError('JAR_FETCH_FAILED', err instanceof Error ? err.message : String(err));
    }
    const count = readdirSync(libsDir).filter((f) => f.endsWith('.jar')).length;
    if (count === 0) throw new InfraError('JAR_FETCH_FAILED', `mvn copied no jars into ${libsDir}`);
    writeFileSync(marker, `${wanted}\n`);
    log(`${component}: ${count} jars cached in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    fetched = true;
  }

  const classpath = component === 'opensearch' ? `${join(libsDir, '*')}:${classesDir}` : join(libsDir, '*');
  if (component === 'opensearch') {
    const classMarker = join(classesDir, MARKER);
    if (!existsSync(classMarker) || readFileSync(classMarker, 'utf8').trim() !== wantedClass) {
      log(`opensearch: compiling ${source} into ${classesDir}`);
      rmSync(classesDir, { recursive: true, force: true });
      mkdirSync(classesDir, { recursive: true });
      runToCompletion(
        javacFor(config.java),
        ['-d', classesDir, '-cp', join(libsDir, '*'), source],
        projectDir,
        'javac OsLauncher.java',
      );
      writeFileSync(classMarker, `${wantedClass}\n`);
      fetched = true;
    }
  }
  return { component, version: config[component].version, libsDir, classesDir, classpath, fetched };
}
