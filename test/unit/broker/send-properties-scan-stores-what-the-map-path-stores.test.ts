// The send path's one-pass properties scan against the Map path it stands in for: whenever it
// answers, the stored string, WAIT and the dispatch hints are exactly the Map path's; it answers
// for the strings real producers send and declines the cases only the Map path handles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSendProperties, dispatchHintsOf, storedProperties } from '../../../src/broker/processors/send/message-parts.js';
import { scanSendProperties, segmentsMax } from '../../../src/broker/processors/send/send-properties-scan.js';
import { SeededRandom } from '../../../src/store/io/seeded-random.js';

const cluster = 'C1';

function mapPath(text: string | undefined) {
  const props = decodeSendProperties(text);
  const hints = dispatchHintsOf(props.map);
  return { stored: storedProperties(props, cluster), waitStoreMsgOk: props.waitStoreMsgOk, hints };
}

function assertSame(text: string | undefined, context: string): boolean {
  const scanned = scanSendProperties(text, cluster);
  if (scanned === undefined) return false;
  assert.deepEqual(scanned, mapPath(text), `${context}: ${JSON.stringify(text)}`);
  return true;
}

test('the strings our producer and Java producers send are scanned, and stored as the Map path stores them', () => {
  const typical = [
    undefined,
    '',
    'TAGS\u0001TagA\u0002KEYS\u0001k1 k2\u0002WAIT\u0001true\u0002UNIQ_KEY\u00017F0000010000ABCD',
    'WAIT\u0001false\u0002UNIQ_KEY\u0001AB',
    'UNIQ_KEY\u0001AB\u0002WAIT\u0001true',
    'WAIT\u0001true',
    // Java's messageProperties2String ends with a separator.
    'KEYS\u0001k\u0002UNIQ_KEY\u0001X\u0002WAIT\u0001true\u0002TAGS\u0001A\u0002',
    'WAIT\u0001true\u0002',
    'color\u0001red\u0002TAGS\u0001A\u0001B\u0002WAIT\u0001FALSE',
  ];
  for (const text of typical) assert.ok(assertSame(text, 'typical'), `scanned: ${JSON.stringify(text)}`);
  assert.equal(scanSendProperties('WAIT\u0001false\u0002TAGS\u0001A', cluster)?.waitStoreMsgOk, false);
  assert.equal(scanSendProperties('TAGS\u0001A\u0002WAIT\u0001true', cluster)?.stored, 'TAGS\u0001A\u0002CLUSTER\u0001C1');
});

test('what only the Map path does is left to it', () => {
  const declined = [
    'TAGS\u0001A\u0002DELAY\u00013',
    'TRAN_MSG\u0001true',
    'CLUSTER\u0001X\u0002TAGS\u0001A',
    'TAGS\u0001A\u0002TAGS\u0001B',
    'a\u0001x\u0002b\u0001y\u0002a\u0001z',
    'TAGS\u0001A\u0002\u0002KEYS\u0001k',
    'TAGS\u0001\u0002KEYS\u0001k',
    '\u0001v',
    'novalue',
    'TAGS\u0001A\u0002\u0002',
    Array.from({ length: segmentsMax + 1 }, (_, i) => `p${i}\u0001v`).join('\u0002'),
  ];
  for (const text of declined) assert.equal(scanSendProperties(text, cluster), undefined, JSON.stringify(text));
  const most = Array.from({ length: segmentsMax }, (_, i) => `p${i}\u0001v`).join('\u0002');
  assert.ok(assertSame(most, 'segmentsMax properties'));
});

test('random property strings: the scan declines or agrees with the Map path (seeded)', () => {
  const seed = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);
  const random = new SeededRandom(seed);
  const names = ['TAGS', 'KEYS', 'WAIT', 'UNIQ_KEY', 'DELAY', 'CLUSTER', 'TRAN_MSG', 'a', 'ab', 'WAITX', 'TAG', ''];
  const values = ['true', 'false', 'x', 'k1 k2', '', 'v\u0001w', 'FALSE'];
  let agreed = 0;
  for (let round = 0; round < 3000; round++) {
    const parts: string[] = [];
    const count = random.int(6);
    for (let i = 0; i < count; i++) {
      const name = names[random.int(names.length)]!;
      parts.push(random.chance(0.05) ? name : `${name}\u0001${values[random.int(values.length)]!}`);
    }
    let text = parts.join('\u0002');
    if (random.chance(0.3)) text += '\u0002';
    if (assertSame(text, `seed ${seed}, round ${round}`)) agreed++;
  }
  assert.ok(agreed > 300, `seed ${seed}: only ${agreed} strings scanned`);
});
