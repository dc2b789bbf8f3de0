// Registration with the NameServers (BrokerController.registerBrokerAll / BrokerOuterAPI):
// REGISTER_BROKER to every NameServer at start and every registerNameServerPeriod, each
// carrying all the broker's topics and their DataVersion (TBW102 included, so clients can
// auto-create topics); a oneway REGISTER_BROKER after a topic change, so new routes are served
// at once; UNREGISTER_BROKER on a clean stop. NameServers are called in parallel and each
// failure is only logged: one NameServer down never keeps the broker from the others. The
// registration is also the broker's heartbeat: a NameServer drops a broker it has not heard
// from for 120 s.
import { crc32 } from 'node:zlib';
import { RocketMQError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { ResponseCode, responseCodeName } from '../../common/response-code.js';
import type { RemotingClient } from '../../remoting/net/index.js';
import { encodeRegisterBrokerBody } from '../../remoting/protocol/bodies/register-broker-body.js';
import type { TopicConfigSerializeWrapper } from '../../remoting/protocol/bodies/topic-config.js';
import { createRequest, type RemotingCommand } from '../../remoting/protocol/command.js';
import {
  RegisterBrokerRequestHeader,
  RegisterBrokerResponseHeader,
  UnRegisterBrokerRequestHeader,
} from '../../remoting/protocol/headers/namesrv.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import { topicsForNamesrv } from './topics-for-namesrv.js';

/** How this broker is known in routes. */
export interface BrokerIdentity {
  clusterName: string;
  brokerName: string;
  /** 0 for a master. */
  brokerId: number;
  /** "brokerIP1:listenPort" */
  brokerAddr: string;
  /** "brokerIP1:(listenPort + 1)" */
  haServerAddr: string;
}

/** A NameServer answered a registration with something other than SUCCESS. */
export class BrokerRegistrationError extends RocketMQError {
  override readonly name = 'BrokerRegistrationError';
  constructor(
    readonly namesrvAddr: string,
    readonly requestCode: number,
    readonly responseCode: number,
    readonly remark: string | undefined,
  ) {
    super(`NameServer ${namesrvAddr} answered request code ${requestCode} with ${responseCodeName(responseCode)}: ${remark ?? ''}`, {
      retry: 'backoff',
    });
  }
}

export type RegistrationOutcome = { namesrvAddr: string; ok: true } | { namesrvAddr: string; ok: false; error: unknown };

export interface BrokerRegistrarOptions {
  identity: BrokerIdentity;
  namesrvAddrs: readonly string[];
  client: Pick<RemotingClient, 'invoke' | 'invokeOneway'>;
  /** The broker's topics now (TopicConfigManager.buildSerializeWrapper). */
  topics: () => TopicConfigSerializeWrapper;
  brokerPermission: number;
  /** Wait for each NameServer's answer (registerBrokerTimeoutMills). */
  timeoutMs: number;
  logger: Logger;
}

export class BrokerRegistrar {
  /** For a slave: its master's address and HA address, from the last registration answer. */
  masterAddr: string | undefined;
  masterHaServerAddr: string | undefined;
  private readonly options: BrokerRegistrarOptions;
  private periodicTimer: NodeJS.Timeout | undefined;
  private onewayPending: NodeJS.Immediate | undefined;
  private registering: Promise<RegistrationOutcome[]> | undefined;
  private readonly registeredOnce = new Set<string>();
  private stopped = false;

  constructor(options: BrokerRegistrarOptions) {
    this.options = options;
  }

  /** Registers now and then every `periodMs`. */
  async start(periodMs: number): Promise<RegistrationOutcome[]> {
    const outcomes = await this.registerAll();
    if (!this.stopped) {
      this.periodicTimer = setInterval(() => void this.registerAll(), periodMs);
      this.periodicTimer.unref();
    }
    return outcomes;
  }

  /** REGISTER_BROKER to every NameServer; resolves when all answered or failed. Never rejects. */
  registerAll(): Promise<RegistrationOutcome[]> {
    if (this.stopped) return Promise.resolve([]);
    // A registration still under way already carries (nearly) the same data.
    this.registering ??= this.registerAllNow().finally(() => (this.registering = undefined));
    return this.registering;
  }

  /** A oneway REGISTER_BROKER to every NameServer, once per event-loop turn however many topics changed in it. */
  registerAllOneway(): void {
    if (this.stopped || this.onewayPending !== undefined) return;
    this.onewayPending = setImmediate(() => {
      this.onewayPending = undefined;
      if (this.stopped) return;
      const body = this.registerBody();
      for (const namesrvAddr of this.options.namesrvAddrs) {
        this.options.client
          .invokeOneway(namesrvAddr, this.registerRequest(body, true))
          .catch((error: unknown) => this.options.logger.warn({ namesrvAddr, err: error }, 'oneway broker registration failed'));
      }
    });
  }

  /** Stops registering and sends UNREGISTER_BROKER to every NameServer. Never rejects. */
  async stop(): Promise<RegistrationOutcome[]> {
    if (this.stopped) return [];
    this.stopped = true;
    clearInterval(this.periodicTimer);
    if (this.onewayPending !== undefined) clearImmediate(this.onewayPending);
    await this.registering;
    const { brokerName, brokerAddr, clusterName, brokerId } = this.options.identity;
    const extFields = UnRegisterBrokerRequestHeader.encode({ brokerName, brokerAddr, clusterName, brokerId });
    return this.callEach(() => createRequest(RequestCode.UNREGISTER_BROKER, { extFields }), () => undefined);
  }

  private async registerAllNow(): Promise<RegistrationOutcome[]> {
    const body = this.registerBody();
    return this.callEach(
      () => this.registerRequest(body, false),
      (namesrvAddr, response) => {
        const answer = RegisterBrokerResponseHeader.decode(response.extFields);
        if (answer.masterAddr) this.masterAddr = answer.masterAddr;
        if (answer.haServerAddr) this.masterHaServerAddr = answer.haServerAddr;
        if (!this.registeredOnce.has(namesrvAddr)) {
          this.registeredOnce.add(namesrvAddr);
          this.options.logger.info({ namesrvAddr, brokerAddr: this.options.identity.brokerAddr }, 'registered with NameServer');
        }
      },
    );
  }

  private registerBody(): Buffer {
    const wrapper = topicsForNamesrv(this.options.topics(), this.options.brokerPermission);
    return encodeRegisterBrokerBody({ topicConfigSerializeWrapper: wrapper, filterServerList: [] });
  }

  private registerRequest(body: Buffer, oneway: boolean): RemotingCommand {
    const { brokerName, brokerAddr, clusterName, haServerAddr, brokerId } = this.options.identity;
    // UtilAll.crc32: the NameServer refuses a body whose CRC (sign bit cleared) differs.
    const bodyCrc32 = crc32(body) & 0x7fffffff;
    const extFields = RegisterBrokerRequestHeader.encode({ brokerName, brokerAddr, clusterName, haServerAddr, brokerId, compressed: false, bodyCrc32 });
    return createRequest(RequestCode.REGISTER_BROKER, { extFields, body, oneway });
  }

  private async callEach(
    request: () => RemotingCommand,
    onSuccess: (namesrvAddr: string, response: RemotingCommand) => void,
  ): Promise<RegistrationOutcome[]> {
    const { client, namesrvAddrs, timeoutMs, logger } = this.options;
    return Promise.all(
      namesrvAddrs.map(async (namesrvAddr): Promise<RegistrationOutcome> => {
        const command = request();
        try {
          const response = await client.invoke(namesrvAddr, command, timeoutMs);
          if (response.code !== ResponseCode.SUCCESS) {
            throw new BrokerRegistrationError(namesrvAddr, command.code, response.code, response.remark);
          }
          onSuccess(namesrvAddr, response);
          return { namesrvAddr, ok: true };
        } catch (error) {
          logger.warn({ namesrvAddr, code: command.code, err: error }, 'NameServer call failed');
          return { namesrvAddr, ok: false, error };
        }
      }),
    );
  }
}
