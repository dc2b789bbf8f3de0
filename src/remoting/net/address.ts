// RocketMQ addresses are "host:port" strings; IPv6 hosts are written in brackets, "[::1]:9876".
import { isIP } from 'node:net';
import { InvalidArgumentError } from '../../common/errors.js';

export interface HostPort {
  host: string;
  port: number;
}

const portMax = 65535;

export function parseAddress(addr: string): HostPort {
  let host: string;
  let portText: string;
  if (addr.startsWith('[')) {
    const close = addr.indexOf(']');
    if (close < 0 || addr[close + 1] !== ':') throw new InvalidArgumentError(`bad address "${addr}": expected [ipv6]:port`);
    host = addr.slice(1, close);
    portText = addr.slice(close + 2);
    if (isIP(host) !== 6) throw new InvalidArgumentError(`bad address "${addr}": "${host}" is not an IPv6 address`);
  } else {
    const colon = addr.lastIndexOf(':');
    if (colon <= 0 || addr.indexOf(':') !== colon) throw new InvalidArgumentError(`bad address "${addr}": expected host:port`);
    host = addr.slice(0, colon);
    portText = addr.slice(colon + 1);
  }
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > portMax) throw new InvalidArgumentError(`bad address "${addr}": port "${portText}"`);
  return { host, port };
}

/** The canonical "host:port" form, brackets around IPv6 hosts. */
export function formatAddress(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
