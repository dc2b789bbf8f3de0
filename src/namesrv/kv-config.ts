// KV config of the NameServer (KVConfigManager): namespace -> key -> value, set by admin tools.
// The namespace ORDER_TOPIC_CONFIG holds "brokerName:queueNum;..." per ordered topic; routes carry
// it as orderTopicConf when orderMessageEnable is on, and REGISTER_BROKER answers return it.

export const orderTopicConfigNamespace = 'ORDER_TOPIC_CONFIG';

export type KvNamespaces = Map<string, Map<string, string>>;

export class KvConfigTable {
  private readonly namespaces: KvNamespaces = new Map();

  /** `onChange` runs after every put or delete that changed something (the NameServer persists there). */
  constructor(private readonly onChange: (table: KvConfigTable) => void = () => {}) {}

  put(namespace: string, key: string, value: string): void {
    let table = this.namespaces.get(namespace);
    if (table === undefined) {
      table = new Map();
      this.namespaces.set(namespace, table);
    }
    if (table.get(key) === value) return;
    table.set(key, value);
    this.onChange(this);
  }

  get(namespace: string, key: string): string | undefined {
    return this.namespaces.get(namespace)?.get(key);
  }

  delete(namespace: string, key: string): void {
    const table = this.namespaces.get(namespace);
    if (table === undefined || !table.delete(key)) return;
    if (table.size === 0) this.namespaces.delete(namespace);
    this.onChange(this);
  }

  /** A copy of one namespace; undefined when it holds nothing. */
  list(namespace: string): Map<string, string> | undefined {
    const table = this.namespaces.get(namespace);
    return table === undefined || table.size === 0 ? undefined : new Map(table);
  }

  /** A copy of every namespace, for persisting. */
  snapshot(): KvNamespaces {
    return new Map([...this.namespaces].map(([namespace, table]) => [namespace, new Map(table)]));
  }

  /** Replaces everything with loaded values, without calling onChange. */
  restore(namespaces: KvNamespaces): void {
    this.namespaces.clear();
    for (const [namespace, table] of namespaces) if (table.size > 0) this.namespaces.set(namespace, new Map(table));
  }
}
