import { describe, expect, it } from 'vitest';
import { AddressGuard, nonPublicAddressClass, type ResolvedAddress } from './address-guard.js';

describe('nonPublicAddressClass', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['10.1.2.3', 'private (10.0.0.0/8)'],
    ['172.16.0.1', 'private (172.16.0.0/12)'],
    ['172.31.255.255', 'private (172.16.0.0/12)'],
    ['192.168.1.1', 'private (192.168.0.0/16)'],
    ['169.254.169.254', 'link-local (169.254.0.0/16)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['::1', 'loopback (::1)'],
    ['::', 'unspecified (::)'],
    ['fe80::1', 'link-local (fe80::/10)'],
    ['febf:ffff::1', 'link-local (fe80::/10)'],
    ['fc00::1', 'unique-local (fc00::/7)'],
    ['fd12:3456:789a::1', 'unique-local (fc00::/7)'],
    ['ff02::1', 'multicast (ff00::/8)'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private (10.0.0.0/8)'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped link-local'],
    ['0:0:0:0:0:ffff:192.168.0.1', 'IPv4-mapped private (192.168.0.0/16)'],
    ['64:ff9b::127.0.0.1', 'NAT64 loopback'],
    ['2002:a00:1::', '6to4 private (10.0.0.0/8)'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['fe80::1%eth0', 'link-local (fe80::/10)'],
    ['2001:db8::1', 'documentation'],
  ])('classes %s as %s', (address, expected) => {
    expect(nonPublicAddressClass(address)).toContain(expected);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2a00:1450:4001::200e',
  ])('lets the public address %s through', (address) => {
    expect(nonPublicAddressClass(address)).toBeUndefined();
  });

  it('never calls garbage public', () => {
    expect(nonPublicAddressClass('example.com')).toBe('not an IP address');
    expect(nonPublicAddressClass('1.2.3')).toBe('not an IP address');
  });
});

const lookupFrom =
  (table: Record<string, ResolvedAddress[]>) =>
  (host: string): Promise<ResolvedAddress[]> => {
    const hit = table[host];
    if (hit) return Promise.resolve(hit);
    return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
  };

describe('AddressGuard', () => {
  const lookup = lookupFrom({
    'public.example': [{ address: '93.184.216.34', family: 4 }],
    'internal.example': [{ address: '10.0.0.5', family: 4 }],
    'mixed.example': [
      { address: '93.184.216.34', family: 4 },
      { address: '::ffff:192.168.0.10', family: 6 },
    ],
    'v6.example': [{ address: 'fd00::5', family: 6 }],
  });

  it('returns the first address of a public host to pin the connection to', async () => {
    const guard = new AddressGuard({ lookup });
    expect(await guard.check('public.example')).toEqual({
      ok: true,
      address: { address: '93.184.216.34', family: 4 },
    });
  });

  it('refuses a host that resolves to a private address, naming host, address and class', async () => {
    const r = await new AddressGuard({ lookup }).check('internal.example');
    expect(r).toEqual({
      ok: false,
      code: 'forbidden_address',
      retryable: false,
      message: 'refusing 10.0.0.5 (resolved from internal.example): private (10.0.0.0/8)',
    });
  });

  it('refuses a host when any of its addresses is private (rebinding set-up)', async () => {
    const r = await new AddressGuard({ lookup }).check('mixed.example');
    expect(r).toMatchObject({ ok: false, code: 'forbidden_address' });
    expect(!r.ok && r.message).toContain('IPv4-mapped private');
  });

  it('refuses IP literals from URLs, including bracketed IPv6', async () => {
    const guard = new AddressGuard({ lookup });
    expect(await guard.check('127.0.0.1')).toMatchObject({ ok: false, code: 'forbidden_address' });
    expect(await guard.check('[::1]')).toMatchObject({ ok: false, code: 'forbidden_address' });
    expect(await guard.check('[::ffff:7f00:1]')).toMatchObject({ ok: false, code: 'forbidden_address' });
    expect(await guard.check('v6.example')).toMatchObject({ ok: false, code: 'forbidden_address' });
  });

  it('lets allow-listed hosts through but nothing else private', async () => {
    const guard = new AddressGuard({ lookup, allowedHosts: ['127.0.0.1'] });
    expect(await guard.check('127.0.0.1')).toEqual({
      ok: true,
      address: { address: '127.0.0.1', family: 4 },
    });
    expect(await guard.check('internal.example')).toMatchObject({ ok: false, code: 'forbidden_address' });
  });

  it('lets everything through with allowPrivateNetworks', async () => {
    const guard = new AddressGuard({ lookup, allowPrivateNetworks: true });
    expect(await guard.check('internal.example')).toMatchObject({
      ok: true,
      address: { address: '10.0.0.5' },
    });
  });

  it('reports an unknown host as a non-retryable network error', async () => {
    const r = await new AddressGuard({ lookup }).check('nowhere.example');
    expect(r).toMatchObject({ ok: false, code: 'network_error', retryable: false });
  });
});
