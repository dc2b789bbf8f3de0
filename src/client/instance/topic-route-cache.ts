// The routes a client instance knows: one TopicRouteData per topic in use, the publish view of
// the topics its producers send to, and the rule for topics the NameServers do not know yet
// (sent through the template topic's route so the broker creates them, behaviours.md §1).
// Concurrent fetches of one topic share a request; every stored route is reported to the instance.
import type { MessageQueue } from '../../common/message/message-queue.js';
import type { TopicRouteData } from '../../remoting/protocol/bodies/topic-route-data.js';
import { TopicNotExistError } from '../errors/broker-response-errors.js';
import { NoRouteError } from '../errors/client-errors.js';
import { subscribeQueuesFromRoute, TopicPublishInfo } from './topic-publish-info.js';
import { routeForAutoCreation, topicRoutesEqual } from './topic-route.js';

/** How a topic missing from the NameServers is sent to anyway (behaviours.md §1). */
export interface AutoCreateTopic {
  /** The template topic whose route is used ("TBW102"). */
  createTopicKey: string;
  /** Queue count per broker asked for (4). */
  defaultTopicQueueNums: number;
}

export interface TopicRouteCacheHost {
  /** GET_ROUTEINFO_BY_TOPIC; rejects with TopicNotExistError when no NameServer knows the topic. */
  fetchTopicRoute(topic: string): Promise<TopicRouteData>;
  /** A route was stored: the first one of its topic or one that differs (`changed`), or the same one again to build a missing publish view. */
  routeStored(topic: string, route: TopicRouteData, changed: boolean): void;
}

export class TopicRouteCache {
  private readonly routes = new Map<string, TopicRouteData>();
  private readonly publishInfos = new Map<string, TopicPublishInfo>();
  /** Topics producers asked to send to: they keep a publish view. */
  readonly publishedTopics = new Set<string>();
  private readonly updates = new Map<string, Promise<TopicRouteData>>();

  constructor(private readonly host: TopicRouteCacheHost) {}

  route(topic: string): TopicRouteData | undefined {
    return this.routes.get(topic);
  }

  allRoutes(): IterableIterator<TopicRouteData> {
    return this.routes.values();
  }

  /** The readable queues of a topic from the cached route ([] when unknown). */
  subscribeQueues(topic: string): MessageQueue[] {
    const route = this.routes.get(topic);
    return route === undefined ? [] : subscribeQueuesFromRoute(topic, route);
  }

  /**
   * Fetches the topic's route (or, with `template`, the template topic's route adapted for
   * auto-creation), stores it when it changed and resolves with it. Concurrent updates of the
   * same topic share one request.
   */
  update(topic: string, template?: AutoCreateTopic): Promise<TopicRouteData> {
    const key = template === undefined ? topic : `${topic}\u0000${template.createTopicKey}`;
    const pending = this.updates.get(key);
    if (pending !== undefined) return pending;
    const update = (async () => {
      const route =
        template === undefined
          ? await this.host.fetchTopicRoute(topic)
          : routeForAutoCreation(await this.host.fetchTopicRoute(template.createTopicKey), template.defaultTopicQueueNums);
      this.apply(topic, route);
      return route;
    })().finally(() => this.updates.delete(key));
    this.updates.set(key, update);
    return update;
  }

  /**
   * The queues a producer sends `topic` to (RocketMQ's tryToFindTopicPublishInfo): the cached
   * ones, else a fresh route, else — when the NameServers do not know the topic and
   * `autoCreate` is given — the template topic's route, so the broker creates the topic.
   */
  async findPublishInfo(topic: string, autoCreate?: AutoCreateTopic): Promise<TopicPublishInfo> {
    let info = this.cachedPublishInfo(topic);
    if (info !== undefined) return info;
    this.publishedTopics.add(topic);
    let notExist: TopicNotExistError | undefined;
    try {
      await this.update(topic);
    } catch (error) {
      if (!(error instanceof TopicNotExistError)) throw error;
      notExist = error;
    }
    info = this.publishInfos.get(topic);
    if (info?.ok) return info;
    if (notExist !== undefined && autoCreate !== undefined) {
      try {
        await this.update(topic, autoCreate);
      } catch (error) {
        throw error instanceof TopicNotExistError ? notExist : error;
      }
      info = this.publishInfos.get(topic);
      if (info?.ok) return info;
    }
    if (notExist !== undefined && info === undefined) throw notExist;
    throw new NoRouteError(topic, `the route of topic ${topic} has no writable queue on a master broker`);
  }

  /** The cached publish info of a topic when it has queues (the send path's synchronous fast path). */
  cachedPublishInfo(topic: string): TopicPublishInfo | undefined {
    const info = this.publishInfos.get(topic);
    return info?.ok ? info : undefined;
  }

  private apply(topic: string, route: TopicRouteData): void {
    const old = this.routes.get(topic);
    const changed = old === undefined || !topicRoutesEqual(old, route);
    const publishInfoMissing = this.publishedTopics.has(topic) && !this.publishInfos.get(topic)?.ok;
    if (!changed && !publishInfoMissing) return;
    this.routes.set(topic, route);
    if (this.publishedTopics.has(topic)) this.publishInfos.set(topic, TopicPublishInfo.fromRoute(topic, route));
    this.host.routeStored(topic, route, changed);
  }
}
