// Format bounds of the stored record (message-format.md §1).

/** Topic length is a signed byte in the v1 record. */
export const topicSizeMaxBytes = 127;
/** Properties length is a signed int16. */
export const propertiesSizeMaxBytes = 32767;
