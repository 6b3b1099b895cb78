/** Parses a list of http(s) URLs, one per line, `#` comments and blank lines allowed; duplicates are kept once. */
export function parseUrlList(text: string): { urls: string[]; warnings: string[]; total: number } {
  const urls: string[] = [];
  const seen = new Set<string>();
  const warnings: string[] = [];
  let total = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    total++;
    let url: URL;
    try {
      url = new URL(line);
    } catch {
      warnings.push(`line ${i + 1}: not a URL: ${line.slice(0, 200)}`);
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      warnings.push(`line ${i + 1}: only http(s) URLs are fetched, got ${url.protocol}`);
      return;
    }
    url.hash = '';
    if (seen.has(url.href)) return;
    seen.add(url.href);
    urls.push(url.href);
  });
  return { urls, warnings, total };
}
