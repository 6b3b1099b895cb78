// The module boundaries in eslint.config.mjs fail the lint step: each fixture under ./fixtures holds one wrong (or one
// allowed) import and is linted, with the repository's own ESLint config, as if it stood at a path inside a project.
// The fixtures folder is ignored by the normal lint run, so `npm run lint` stays green while this test shows the rules
// bite. Type-aware rules are switched off here: boundaries need the project graph, not types, and the fixtures are
// not part of any TypeScript program.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const NX = '@nx/enforce-module-boundaries';
const BANNED = 'no-restricted-imports';

interface Case {
  fixture: string;
  /** where the fixture is linted as if it stood there */
  as: string;
  rule: string;
  message: string;
}

const wrong: Case[] = [
  {
    fixture: 'service-imports-service.ts',
    as: 'services/clean/src/boundary-fixture.ts',
    rule: NX,
    message: 'Imports of apps are forbidden',
  },
  {
    fixture: 'service-imports-service-relative.ts',
    as: 'services/clean/src/boundary-fixture.ts',
    rule: NX,
    message: 'Projects cannot be imported by a relative or absolute path',
  },
  {
    fixture: 'contracts-imports-kafkajs.ts',
    as: 'libs/contracts/src/boundary-fixture.ts',
    rule: BANNED,
    message: 'contracts depend on nothing but zod',
  },
  {
    fixture: 'contracts-imports-library.ts',
    as: 'libs/contracts/src/boundary-fixture.ts',
    rule: NX,
    message: 'A project tagged with "type:contracts" cannot depend on any libs with tags',
  },
  {
    fixture: 'extract-imports-nestjs.ts',
    as: 'libs/extract/src/boundary-fixture.ts',
    rule: BANNED,
    message: 'pure libraries know nothing of NestJS, Kafka, Redis or OpenSearch',
  },
  {
    fixture: 'pure-imports-infrastructure-lib.ts',
    as: 'libs/enrich/src/boundary-fixture.ts',
    rule: NX,
    message:
      'A project tagged with "type:pure" can only depend on libs tagged with "type:pure", "type:contracts"',
  },
  {
    fixture: 'lib-imports-service.ts',
    as: 'libs/search/src/boundary-fixture.ts',
    rule: NX,
    message: 'Imports of apps are forbidden',
  },
  {
    fixture: 'lib-imports-service-relative.ts',
    as: 'libs/search/src/boundary-fixture.ts',
    rule: NX,
    message: 'Projects cannot be imported by a relative or absolute path',
  },
  {
    fixture: 'spec-imports-service-relative.ts',
    as: 'libs/search/src/boundary-fixture.spec.ts',
    rule: NX,
    message: 'Projects cannot be imported by a relative or absolute path',
  },
  {
    fixture: 'tooling-imports-service.ts',
    as: 'libs/cli/src/boundary-fixture.ts',
    rule: NX,
    message: 'Imports of apps are forbidden',
  },
];

const allowed = [
  { fixture: 'service-imports-libraries.ts', as: 'services/clean/src/boundary-fixture.ts' },
  { fixture: 'pure-imports-contracts.ts', as: 'libs/enrich/src/boundary-fixture.ts' },
  { fixture: 'spec-imports-test-support.ts', as: 'libs/search/src/boundary-fixture.spec.ts' },
];

describe('module boundaries in eslint.config.mjs', () => {
  let eslint: ESLint;
  const lint = async (name: string, as: string): Promise<Linter.LintMessage[]> => {
    const [result] = await eslint.lintText(fixture(name), { filePath: join(root, as) });
    return result?.messages ?? [];
  };

  beforeAll(() => {
    eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });
  });

  it.each(wrong)(
    'reports $rule on $fixture linted as $as',
    async (c) => {
      const messages = await lint(c.fixture, c.as);
      expect(messages.map((m) => ({ rule: m.ruleId, severity: m.severity, line: m.line }))).toEqual([
        { rule: c.rule, severity: 2, line: 2 },
      ]);
      expect(messages[0]?.message).toContain(c.message);
    },
    120_000,
  );

  it.each(allowed)(
    'reports nothing on $fixture linted as $as',
    async (c) => {
      expect(await lint(c.fixture, c.as)).toEqual([]);
    },
    120_000,
  );

  it('leaves the fixtures out of the normal lint run', async () => {
    for (const c of [...wrong, ...allowed]) {
      expect(await eslint.isPathIgnored(join(__dirname, 'fixtures', c.fixture))).toBe(true);
    }
  });
});
