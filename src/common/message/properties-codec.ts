// Message properties travel as one string: name 0x01 value 0x02 ... (MessageDecoder
// messageProperties2String / string2messageProperties). Order is not significant.
const NAME_VALUE_SEPARATOR = '\u0001';
const PROPERTY_SEPARATOR = '\u0002';

export type Properties = Map<string, string>;

export function encodeProperties(props: ReadonlyMap<string, string | undefined | null>): string {
  let out = '';
  for (const [name, value] of props) {
    if (value == null) continue;
    out += name + NAME_VALUE_SEPARATOR + value + PROPERTY_SEPARATOR;
  }
  return out.length > 0 ? out.slice(0, -1) : out;
}

/** Segments without a non-empty name and value are dropped, as the Java decoder does. */
export function decodeProperties(text: string | undefined | null): Properties {
  const props: Properties = new Map();
  if (!text) return props;
  for (const segment of text.split(PROPERTY_SEPARATOR)) {
    const at = segment.indexOf(NAME_VALUE_SEPARATOR);
    if (segment.length < 3 || at <= 0 || at >= segment.length - 1) continue;
    props.set(segment.slice(0, at), segment.slice(at + 1));
  }
  return props;
}
