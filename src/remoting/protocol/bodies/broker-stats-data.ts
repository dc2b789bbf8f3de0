// BrokerStatsData (VIEW_BROKER_STATS_DATA): one stats item over the last minute, hour and day,
// each a BrokerStatsItem of the value summed in that window, its rate per second and its mean
// per call:
//   {"statsDay":{"avgpt":1.0,"sum":5,"tps":0.001},"statsHour":{...},"statsMinute":{...}}
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { asObject, doubleField, longField, parseBodyObject } from './json-fields.js';

export interface BrokerStatsItem {
  sum: number;
  tps: number;
  avgpt: number;
}

export interface BrokerStatsData {
  statsMinute: BrokerStatsItem;
  statsHour: BrokerStatsItem;
  statsDay: BrokerStatsItem;
}

export function encodeBrokerStatsData(data: BrokerStatsData): Buffer {
  const item = ({ sum, tps, avgpt }: BrokerStatsItem): BrokerStatsItem => ({ sum, tps, avgpt });
  return Buffer.from(writeFastjson({ statsMinute: item(data.statsMinute), statsHour: item(data.statsHour), statsDay: item(data.statsDay) }), 'utf8');
}

function itemFromJson(v: JsonValue | undefined, what: string): BrokerStatsItem {
  const o = asObject(v ?? null, what);
  return { sum: longField(o, 'sum', what), tps: doubleField(o, 'tps', what), avgpt: doubleField(o, 'avgpt', what) };
}

export function decodeBrokerStatsData(body: Buffer | string): BrokerStatsData {
  const what = 'BrokerStatsData';
  const o = parseBodyObject(body, what);
  return {
    statsMinute: itemFromJson(o.statsMinute, `${what}.statsMinute`),
    statsHour: itemFromJson(o.statsHour, `${what}.statsHour`),
    statsDay: itemFromJson(o.statsDay, `${what}.statsDay`),
  };
}
