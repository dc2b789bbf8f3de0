// Every pollNameServerInterval (30 s, first after 10 ms) the routes of every topic in use
// (published by a producer or subscribed by a consumer) are fetched again from a NameServer
// (RocketMQ's updateTopicRouteInfoFromNameServer task). One topic failing does not stop the others.
import { PeriodicTask } from './periodic-task.js';

export interface RouteRefreshContext {
  topicsInUse(): Iterable<string>;
  /** Fetches one topic's route and applies it when it changed. */
  updateTopicRoute(topic: string): Promise<unknown>;
  onError(topic: string | undefined, error: unknown): void;
}

/** Refreshes every topic in use, in parallel; resolves when all are done. */
export async function refreshAllTopicRoutes(ctx: RouteRefreshContext): Promise<void> {
  const topics = [...new Set(ctx.topicsInUse())];
  await Promise.all(
    topics.map(async (topic) => {
      try {
        await ctx.updateTopicRoute(topic);
      } catch (error) {
        ctx.onError(topic, error);
      }
    }),
  );
}

export function routeRefreshTask(ctx: RouteRefreshContext, initialDelayMs: number, intervalMs: number): PeriodicTask {
  return new PeriodicTask('routeRefresh', () => refreshAllTopicRoutes(ctx), {
    initialDelayMs,
    intervalMs,
    onError: (error) => ctx.onError(undefined, error),
  });
}
