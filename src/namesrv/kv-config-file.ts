// kvConfig.json, the file where RocketMQ's NameServer keeps its KV config across restarts:
//   {"configTable":{"ORDER_TOPIC_CONFIG":{"TopicA":"broker-a:8"}}}
// (KVConfigSerializeWrapper; every key is a string, so fastjson's output is standard JSON.)
// Written whole on each change: temporary file, fsync, rename, so a crash leaves the old or the
// new content, never a mix.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RocketMQError } from '../common/errors.js';
import type { KvNamespaces } from './kv-config.js';

export class KvConfigFileError extends RocketMQError {
  override readonly name = 'KvConfigFileError';
}

/** The namespaces in the file; an empty map when the file does not exist yet. */
export function readKvConfigFile(path: string): KvNamespaces {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new KvConfigFileError(`cannot read KV config file ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (text.trim() === '') return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new KvConfigFileError(`KV config file ${path} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const configTable = isRecord(parsed) ? parsed.configTable : undefined;
  if (!isRecord(configTable)) throw new KvConfigFileError(`KV config file ${path} has no "configTable" object`);
  const namespaces: KvNamespaces = new Map();
  for (const [namespace, table] of Object.entries(configTable)) {
    if (!isRecord(table) || !Object.values(table).every((v) => typeof v === 'string')) {
      throw new KvConfigFileError(`KV config file ${path}: namespace "${namespace}" is not an object of strings`);
    }
    namespaces.set(namespace, new Map(Object.entries(table as Record<string, string>)));
  }
  return namespaces;
}

export function writeKvConfigFile(path: string, namespaces: KvNamespaces): void {
  const configTable: Record<string, Record<string, string>> = {};
  for (const [namespace, table] of namespaces) configTable[namespace] = Object.fromEntries(table);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, JSON.stringify({ configTable }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
