// Webhook receivers must be public hosts: a URL naming a loopback, private or link-local
// address (the cloud metadata service at 169.254.169.254 among them) would make the
// gateway's network call a team's choice of internal service (SSRF). The URL's literal host
// is checked when a webhook is saved and before each POST; a host name is resolved when the
// POST connects, and every address it resolves to is checked there, so the address connected
// to is one that was checked, whatever the name resolved to before (DNS rebinding).
// WEBHOOK_ALLOW_PRIVATE_NETWORKS turns all of it off.
import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent, type Dispatcher } from 'undici';

const blocked = new BlockList();
// Not public unicast: this network, private, shared (CGNAT), loopback, link-local,
// IETF protocol, benchmarking, multicast, reserved and broadcast.
const IPV4: Array<[string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
// Unspecified, loopback, unique-local, link-local, site-local (deprecated), multicast.
const IPV6: Array<[string, number]> = [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8]];
for (const [net, bits] of IPV4) blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of IPV6) blocked.addSubnet(net, bits, 'ipv6');

/** The eight 16-bit groups of a valid IPv6 address (a dotted IPv4 tail included). */
function groups(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

/** IPv4 carried in an IPv6 address (mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96), or null. */
function embeddedIPv4(ip: string): string | null {
  const g = groups(ip);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const carried = (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) || (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6));
  if (!carried) return null;
  const [hi = 0, lo = 0] = g.slice(6);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True for an IP address that is not public unicast (an IPv4 inside an IPv6 one counts as itself). */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/%.*$/, ''); // a link-local zone id
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return false;
  if (blocked.check(ip, 'ipv6')) return true;
  const v4 = embeddedIPv4(ip);
  return v4 !== null && blocked.check(v4, 'ipv4');
}

/**
 * Why a URL host may not receive webhooks, or null. `hostname` is as WHATWG URL normalises it:
 * an IPv4 in decimal, octal or hex notation is dotted decimal, an IPv6 is in brackets.
 */
export function privateHostReason(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return `${hostname} is a loopback name`;
  const ip = host.startsWith('[') ? host.slice(1, -1) : host;
  return isPrivateAddress(ip) ? `${ip} is a loopback, private or link-local address` : null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** net.connect's lookup for POSTs: resolves every address of the name and fails if one is private. */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const inside = addresses.find((a) => isPrivateAddress(a.address));
    if (inside) return callback(new Error(`refused: ${hostname} resolves to ${inside.address}, a loopback, private or link-local address`), []);
    const [first] = addresses;
    if (options.all || !first) return callback(null, addresses);
    callback(null, first.address, first.family);
  });
}

/** Connections of webhook POSTs where private networks are refused. */
const publicOnly = new Agent({ connect: { lookup: publicOnlyLookup } });

export type Route = { refused: string } | { refused: null; dispatcher: Dispatcher | undefined };

/**
 * How a POST to `url` goes: refused at once (its literal host is private), or through
 * `dispatcher` (undefined: fetch's own), whose connections refuse a name resolving inside.
 */
export function routeTo(url: string, allowPrivateNetworks: boolean): Route {
  if (allowPrivateNetworks) return { refused: null, dispatcher: undefined };
  const literal = privateHostReason(new URL(url).hostname);
  return literal ? { refused: `refused: ${literal}` } : { refused: null, dispatcher: publicOnly };
}
