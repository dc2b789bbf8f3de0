// Keys of Java's NettyServerConfig, read from both namesrv.conf and broker.conf: they size
// Netty's threads, semaphores and socket buffers, machinery a Node.js server does not have.
// Both servers accept them with a warning so that an existing config file still loads.
export const ignoredNettyServerConfigKeys: readonly string[] = [
  'serverWorkerThreads',
  'serverCallbackExecutorThreads',
  'serverSelectorThreads',
  'serverOnewaySemaphoreValue',
  'serverAsyncSemaphoreValue',
  'serverSocketSndBufSize',
  'serverSocketRcvBufSize',
  'serverSocketBacklog',
  'serverPooledByteBufAllocatorEnable',
  'useEpollNativeSelector',
];
