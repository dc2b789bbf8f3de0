// KV config of the NameServer (KVConfigManager): namespace -> key -> value, set by admin tools.
// The namespace ORDER_TOPIC_CONFIG holds "brokerName:queueNum;..." per ordered topic; routes carry
// it as orderTopicConf when orderMessageEnable is on, and REGISTER_BROKER answers return it.

export const orderTopicConfigNamespace = 'ORDER_TOPIC_CONFIG';

export class KvConfigTable {
  private readonly namespaces = new Map<string, Map<string, string>>();

  put(namespace: string, key: string, value: string): void {
    let table = this.namespaces.get(namespace);
    if (table === undefined) {
      table = new Map();
      this.namespaces.set(namespace, table);
    }
    table.set(key, value);
  }

  get(namespace: string, key: string): string | undefined {
    return this.namespaces.get(namespace)?.get(key);
  }

  delete(namespace: string, key: string): void {
    const table = this.namespaces.get(namespace);
    if (table === undefined) return;
    table.delete(key);
    if (table.size === 0) this.namespaces.delete(namespace);
  }

  /** A copy of one namespace; undefined when it holds nothing. */
  list(namespace: string): Map<string, string> | undefined {
    const table = this.namespaces.get(namespace);
    return table === undefined || table.size === 0 ? undefined : new Map(table);
  }
}
