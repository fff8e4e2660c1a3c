// How nodes find each other. Each node is a host of the scenario's network, named by its name
// (as services in a compose file): there its Redis is reached on 6379, and on its own port. On
// this machine's loopback it is reached at 127.0.0.1 (or localhost) on its own port, 6379, 6380...
// in declaration order. A peer that came over the network is seen from the node's network address.

/** The port a node answers on at its name, whatever its own port. */
export const NAMED_PORT = 6379;

/** The first node's own port; the next ones follow. */
export const FIRST_PORT = 6379;

/** The first Sentinel's own port; the next ones follow. */
export const SENTINEL_FIRST_PORT = 26379;

/** A node's address on the scenario's network: 172.18.0.2 for the first node declared, .3 for the next... */
export function networkIpAt(index: number): string {
  return `172.18.0.${2 + index}`;
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === '127.0.0.1' || h === 'localhost';
}

export interface Addressable {
  readonly name: string;
  readonly port: number;
  /** Its address on the scenario's network. */
  readonly ip: string;
  /** The port it answers on at its name: 6379, or 26379 for a Sentinel. */
  readonly namedPort: number;
}

/** How a connection reached its node: over the loopback, or over the network (by name or address). */
export type Via = 'loopback' | 'network';

/** The node at host:port, and how it is reached; undefined when nothing listens there. */
export function resolveAddress<T extends Addressable>(host: string, port: number, nodes: Iterable<T>): { node: T; via: Via } | undefined {
  if (isLoopback(host)) {
    for (const n of nodes) if (n.port === port) return { node: n, via: 'loopback' };
    return undefined;
  }
  const n = hostNode(host, nodes);
  return n && (port === n.namedPort || port === n.port) ? { node: n, via: 'network' } : undefined;
}

/** The node a host name or network address names (any port), if any. */
export function hostNode<T extends Addressable>(host: string, nodes: Iterable<T>): T | undefined {
  for (const n of nodes) if (n.name === host || n.ip === host) return n;
  return undefined;
}
