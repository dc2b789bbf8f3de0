// The shapes around a stored message record (layout in stored-message-layout.ts).

/** A host as stored: 4 (IPv4) or 16 (IPv6) address bytes and a port. */
export interface HostAddress {
  readonly address: Uint8Array;
  readonly port: number;
}

/** What a producer's message contributes to a stored record; the store adds the rest. */
export interface StoredMessageInput {
  topic: string;
  queueId: number;
  /** User flag (Message.flag). */
  flag: number;
  body: Uint8Array;
  /** Encoded properties (properties-codec.ts), as a string or as its UTF-8 bytes. */
  properties: string | Uint8Array;
  /**
   * Bytes stored right after `properties`, as part of the same field: a batch's shared properties
   * follow each entry's own bytes without joining them into one buffer per message.
   */
  propertiesSuffix?: Uint8Array;
  /** MessageSysFlag; the host IPv6 bits are set from the addresses when encoding. */
  sysFlag: number;
  bornTimestamp: number;
  bornHost: HostAddress;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
}

/** Fields the store assigns when it appends a record. */
export interface StoredMessageAssigned {
  queueOffset: number;
  physicalOffset: number;
  storeTimestamp: number;
  storeHost: HostAddress;
}

/** A decoded record. `body`, host addresses and `record` are slices of the decoded buffer. */
export interface StoredMessage {
  totalSize: number;
  magic: number;
  bodyCrc: number;
  queueId: number;
  flag: number;
  queueOffset: number;
  physicalOffset: number;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: HostAddress;
  storeTimestamp: number;
  storeHost: HostAddress;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  body: Buffer;
  topic: string;
  properties: string;
  /** The whole record's bytes. */
  record: Buffer;
}
