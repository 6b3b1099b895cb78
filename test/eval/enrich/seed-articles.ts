/**
 * The four articles of seeds/aggregator-page-dump.txt, sliced by line from the seed itself (the
 * extract stage owns the real splitter). Main article A: headline on line 2, text lines 5-17 minus
 * page furniture; related teasers B, C, D: headline line + one long body line each.
 */
export function seedArticles(seed: string): Record<'A' | 'B' | 'C' | 'D', { title: string; body: string }> {
  const lines = seed.split(/\r?\n/);
  const line = (n: number): string => lines[n - 1] ?? '';
  const furniture = /^(Live Events|\.|"?\.?"?\s*)$/;
  const aBody: string[] = [];
  for (let n = 5; n <= 17; n++) if (!furniture.test(line(n).trim())) aBody.push(line(n));
  return {
    A: { title: line(2), body: aBody.join('\n') },
    B: { title: line(29), body: line(30) },
    C: { title: line(36), body: line(37) },
    D: { title: line(42), body: line(43) },
  };
}
