// A seeded storm of hostile requests for a server's integration tests: every request code the
// server serves, headers carrying every field the protocol declares with plausible values and a
// few of them replaced by hostile text (empty, overflowing, non-numeric, reserved topics,
// separators, 300 characters), bodies that are random bytes, broken JSON or valid-looking JSON.
// Every request must be answered, with any code: an error is an answer. A request left
// unanswered fails the test with the seed and the request, so the case replays.
import assert from 'node:assert/strict';
import { ResponseCode } from '../../src/common/response-code.js';
import * as protocol from '../../src/remoting/protocol/index.js';
import { SerializeType, createRequest, type ExtFields, type RemotingCommand } from '../../src/remoting/protocol/command.js';
import type { FieldKind, HeaderCodec, HeaderFields } from '../../src/remoting/protocol/headers/define-header.js';
import { RequestCode } from '../../src/remoting/protocol/request-code.js';
import { Random } from '../unit/remoting/protocol/random-commands.js';

export type Call = (request: RemotingCommand) => Promise<RemotingCommand>;

/** The storms' seed: HOSTILE_SEED replays another one. */
export const stormSeed = Number(process.env.HOSTILE_SEED ?? 20261122);

export interface StormOptions {
  seed: number;
  requestsPerCode: number;
  /** What plausible topic and group fields name: things the storm may break or delete. */
  topic: string;
  group: string;
}

/** The highest code the ROCKETMQ binary header can carry (an int16). */
const int16Max = 0x7fff;

/** Header values that break parsers: empty, overflowing, non-numeric, reserved names, separators, long. */
export const hostileValues = [
  '', ' ', '-1', '07', ' 1', '1.5', '1e309', 'NaN', 'true', '2147483648', '-2147483649', '9223372036854775808',
  'x'.repeat(300), '\u0001\u0002', '\u0000', 'é', '*', 'a > ', 'SCHEDULE_TOPIC_XXXX', 'RMQ_SYS_TRANS_HALF_TOPIC',
  '%RETRY%hostile_group', '%DLQ%hostile_group', 'TBW102', 'bad topic!', '127.0.0.1:1', 'AC11000100002A9F0000000000000000',
];

/** The codes a server answers with anything but REQUEST_CODE_NOT_SUPPORTED, probed with one empty request each. */
export async function servedCodes(call: Call): Promise<number[]> {
  const served: number[] = [];
  for (const code of Object.values(RequestCode)) {
    const probe = await call(createRequest(code, { serializeType: SerializeType.JSON }));
    if (probe.code !== ResponseCode.REQUEST_CODE_NOT_SUPPORTED) served.push(code);
  }
  return served;
}

/** Sends the storm to `codes` one request at a time; returns how many answers each response code got. */
export async function hostileRequestStorm(call: Call, codes: readonly number[], options: StormOptions): Promise<Map<number, number>> {
  const { seed, topic, group } = options;
  const random = new Random(seed);
  const fields = [...declaredFields()];
  const answered = new Map<number, number>();
  for (const code of codes) {
    for (let i = 0; i < options.requestsPerCode; i++) {
      const extFields: ExtFields = {};
      if (random.chance(0.75)) for (const [name, kind] of fields) extFields[name] = plausibleValue(name, kind, topic, group);
      const replaced = random.int(0, 3);
      for (let r = 0; r < replaced; r++) extFields[random.pick(fields)[0]] = random.pick(hostileValues);
      const serializeType = code <= int16Max && random.chance(0.5) ? SerializeType.ROCKETMQ : SerializeType.JSON;
      const request = createRequest(code, { serializeType, extFields, body: bodyOf(random, topic, group) });
      const response = await call(request).catch((error: unknown) => {
        assert.fail(`seed ${seed}: code ${code} got no answer (${(error as Error).message}); extFields ${JSON.stringify(extFields)}`);
      });
      answered.set(response.code, (answered.get(response.code) ?? 0) + 1);
    }
  }
  return answered;
}

/** Field name -> kind, over every custom header the protocol declares (the first declaration of a name wins). */
function declaredFields(): Map<string, FieldKind> {
  const fields = new Map<string, FieldKind>();
  for (const header of (Object.values(protocol) as unknown[]).filter(isHeaderCodec)) {
    for (const [name, spec] of Object.entries(header.fields)) if (!fields.has(name)) fields.set(name, spec.kind);
  }
  return fields;
}

function isHeaderCodec(v: unknown): v is HeaderCodec<HeaderFields> {
  return typeof v === 'object' && v !== null && 'javaClass' in v && 'fields' in v;
}

function plausibleValue(name: string, kind: FieldKind, topic: string, group: string): string {
  if (kind === 'boolean') return 'false';
  if (kind !== 'string') return '0';
  if (/topic/i.test(name) || name === 'b') return topic;
  if (/group/i.test(name) || name === 'a') return group;
  return /expressionType/.test(name) ? 'TAG' : '*';
}

function bodyOf(random: Random, topic: string, group: string): Buffer | undefined {
  const shapes = [
    () => undefined,
    () => Buffer.alloc(0),
    () => Buffer.from('{'),
    () => Buffer.from('null'),
    () => Buffer.from('[1,'),
    () => Buffer.from(JSON.stringify({ offsetTable: { x: 1 } })),
    () => Buffer.from(JSON.stringify({ consumerGroup: group, clientId: 'c', mqSet: [{ topic, brokerName: 'broker-a', queueId: 0 }] })),
    () =>
      Buffer.from(
        JSON.stringify({
          clientID: 'hostile-client',
          producerDataSet: [{ groupName: group }],
          consumerDataSet: [
            {
              groupName: group,
              consumeType: 'CONSUME_PASSIVELY',
              messageModel: 'CLUSTERING',
              consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
              subscriptionDataSet: [{ topic, subString: 'a > ', expressionType: 'SQL92', tagsSet: [], codeSet: [], subVersion: 1 }],
              unitMode: false,
            },
          ],
        }),
      ),
    () => random.bytes(random.int(1, 300)),
  ];
  return random.pick(shapes)();
}
