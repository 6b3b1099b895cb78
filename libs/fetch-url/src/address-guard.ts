import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** One resolved address of a host, as `dns.lookup(..., { all: true })` returns it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to all its addresses. Injected in tests so the guard is checked without DNS. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

/** Default lookup: the system resolver (same as Node's http would use), every address, in resolver order. */
export const systemLookup: HostLookup = async (hostname) => {
  const all = await dnsLookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

type Range = readonly [base: number, bits: number, label: string];

const v4 = (a: number, b: number, c: number, d: number): number =>
  ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;

/** IPv4 ranges that are not the public internet (RFC 6890 special-purpose registry, the parts that matter). */
const V4_RANGES: readonly Range[] = [
  [v4(0, 0, 0, 0), 8, 'unspecified/"this network" (0.0.0.0/8)'],
  [v4(10, 0, 0, 0), 8, 'private (10.0.0.0/8)'],
  [v4(100, 64, 0, 0), 10, 'carrier-grade NAT (100.64.0.0/10)'],
  [v4(127, 0, 0, 0), 8, 'loopback (127.0.0.0/8)'],
  [v4(169, 254, 0, 0), 16, 'link-local (169.254.0.0/16)'],
  [v4(172, 16, 0, 0), 12, 'private (172.16.0.0/12)'],
  [v4(192, 0, 0, 0), 24, 'IETF protocol assignments (192.0.0.0/24)'],
  [v4(192, 0, 2, 0), 24, 'documentation (192.0.2.0/24)'],
  [v4(192, 168, 0, 0), 16, 'private (192.168.0.0/16)'],
  [v4(198, 18, 0, 0), 15, 'benchmarking (198.18.0.0/15)'],
  [v4(198, 51, 100, 0), 24, 'documentation (198.51.100.0/24)'],
  [v4(203, 0, 113, 0), 24, 'documentation (203.0.113.0/24)'],
  [v4(224, 0, 0, 0), 4, 'multicast (224.0.0.0/4)'],
  [v4(240, 0, 0, 0), 4, 'reserved (240.0.0.0/4, incl. broadcast)'],
];

function parseV4(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const b = Number(p);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

function classifyV4(n: number): string | undefined {
  for (const [base, bits, label] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((n & mask) >>> 0 === base) return label;
  }
  return undefined;
}

/** Expands an IPv6 address (with `::` and an optional dotted IPv4 tail) into 8 16-bit groups. */
function parseV6(address: string): number[] | undefined {
  let addr = address.toLowerCase();
  const zone = addr.indexOf('%');
  if (zone !== -1) addr = addr.slice(0, zone);
  const lastColon = addr.lastIndexOf(':');
  const dotted = addr.slice(lastColon + 1);
  if (dotted.includes('.')) {
    // Rewrite a dotted IPv4 tail (::ffff:127.0.0.1) as two hex groups (::ffff:7f00:1).
    const n = parseV4(dotted);
    if (n === undefined) return undefined;
    addr = `${addr.slice(0, lastColon + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = toGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const explicit = head.length + rest.length;
  if (halves.length === 1 && explicit !== 8) return undefined;
  if (halves.length === 2 && explicit > 7) return undefined;
  const zeros = 8 - explicit;
  return [...head, ...new Array<number>(halves.length === 2 ? zeros : 0).fill(0), ...rest];
}

function classifyV6(g: number[]): string | undefined {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g6 = 0, h = 0] = g;
  const embedded = (): number => ((g6 << 16) >>> 0) + h;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    if (f === 0xffff) {
      const inner = classifyV4(embedded());
      return inner ? `IPv4-mapped ${inner}` : undefined;
    }
    if (f === 0) {
      if (g6 === 0 && h === 0) return 'unspecified (::)';
      if (g6 === 0 && h === 1) return 'loopback (::1)';
      const inner = classifyV4(embedded());
      return `IPv4-compatible (deprecated ::/96)${inner ? ` ${inner}` : ''}`;
    }
  }
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address: judge that address.
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) {
    const inner = classifyV4(embedded());
    return inner ? `NAT64 ${inner}` : undefined;
  }
  // 6to4 (2002::/16) embeds an IPv4 address in groups 2-3.
  if (a === 0x2002) {
    const inner = classifyV4(((b << 16) >>> 0) + c);
    return inner ? `6to4 ${inner}` : undefined;
  }
  if ((a & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)';
  if ((a & 0xffc0) === 0xfec0) return 'site-local (fec0::/10, deprecated)';
  if ((a & 0xfe00) === 0xfc00) return 'unique-local (fc00::/7)';
  if ((a & 0xff00) === 0xff00) return 'multicast (ff00::/8)';
  if (a === 0x2001 && b === 0x0db8) return 'documentation (2001:db8::/32)';
  if (a === 0x0100 && b === 0 && c === 0 && d === 0) return 'discard-only (100::/64)';
  return undefined;
}

/**
 * Names the non-public class of an IP address ("loopback (127.0.0.0/8)", "IPv4-mapped private (10.0.0.0/8)"),
 * or returns undefined for a public address. Unparseable input is reported as such, never as public.
 */
export function nonPublicAddressClass(address: string): string | undefined {
  const kind = isIP(address.split('%')[0] ?? '');
  if (kind === 4) {
    const n = parseV4(address);
    return n === undefined ? 'unparseable IPv4 address' : classifyV4(n);
  }
  if (kind === 6) {
    const groups = parseV6(address);
    return groups === undefined ? 'unparseable IPv6 address' : classifyV6(groups);
  }
  return 'not an IP address';
}

/** Configuration of the SSRF guard. */
export interface AddressGuardConfig {
  /** Lets every address through (local demo with a test server). Default false. */
  allowPrivateNetworks?: boolean;
  /** Host names or IP literals (as in the URL) exempt from the address check, e.g. `['127.0.0.1']` in tests. */
  allowedHosts?: readonly string[];
  lookup?: HostLookup;
}

/** Outcome of {@link AddressGuard.check}: the address to pin the connection to, or why the host is refused. */
export type GuardResult =
  | { ok: true; address: ResolvedAddress }
  | { ok: false; code: 'forbidden_address' | 'network_error'; retryable: boolean; message: string };

/** Strips the brackets the WHATWG URL parser keeps around IPv6 literals. */
export function bareHostname(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Resolves a URL's host once and decides whether it may be contacted. Every resolved address must be public
 * (a host that also resolves to a private address is refused: that is what a rebinding attacker sets up), and
 * the caller connects to the returned address only, so a second DNS answer cannot swap it.
 */
export class AddressGuard {
  private readonly allowAll: boolean;
  private readonly allowed: ReadonlySet<string>;
  private readonly lookup: HostLookup;

  constructor(config: AddressGuardConfig = {}) {
    this.allowAll = config.allowPrivateNetworks ?? false;
    this.allowed = new Set((config.allowedHosts ?? []).map((h) => bareHostname(h.toLowerCase())));
    this.lookup = config.lookup ?? systemLookup;
  }

  async check(urlHostname: string): Promise<GuardResult> {
    const host = bareHostname(urlHostname.toLowerCase());
    const exempt = this.allowAll || this.allowed.has(host);
    let addresses: ResolvedAddress[];
    const literal = isIP(host);
    if (literal) {
      addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
    } else {
      try {
        addresses = await this.lookup(host);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        // NXDOMAIN is an answer; SERVFAIL/timeouts (EAI_AGAIN) may pass.
        const retryable = code !== 'ENOTFOUND';
        return {
          ok: false,
          code: 'network_error',
          retryable,
          message: `cannot resolve ${host}: ${String(code ?? err)}`,
        };
      }
    }
    const first = addresses[0];
    if (!first)
      return { ok: false, code: 'network_error', retryable: true, message: `no address for ${host}` };
    if (exempt) return { ok: true, address: first };
    for (const a of addresses) {
      const cls = nonPublicAddressClass(a.address);
      if (cls) {
        const via = literal ? '' : ` (resolved from ${host})`;
        return {
          ok: false,
          code: 'forbidden_address',
          retryable: false,
          message: `refusing ${a.address}${via}: ${cls}`,
        };
      }
    }
    return { ok: true, address: first };
  }
}
