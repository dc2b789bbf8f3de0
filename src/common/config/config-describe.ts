// Text views of a schema: the effective values as a properties file, and the key table that
// the README and `rmq <process> --list-config-keys` show.
import { expectation, formatOptionValue, type ConfigSchema, type ConfigValues, type OptionSpec } from './config-schema.js';

/** Effective values as properties text (sorted keys), loadable again with `-c`. */
export function formatProperties<S extends ConfigSchema>(schema: S, values: ConfigValues<S>): string {
  return Object.keys(schema)
    .sort()
    .map((key) => `${key}=${formatOptionValue(schema[key]!, values[key] as OptionSpec['default'])}`)
    .join('\n');
}

/** A Markdown table: key, default, accepted values, description. */
export function configKeyTable(schema: ConfigSchema): string {
  const rows = Object.entries(schema).map(([key, spec]) => {
    const env = spec.env ? ` Environment: \`${spec.env}\`.` : '';
    const text = formatOptionValue(spec, spec.default);
    const shownDefault = text === '' ? '(empty)' : `\`${text}\``;
    return `| \`${key}\` | ${shownDefault} | ${expectation(spec)} | ${spec.description}${env} |`;
  });
  return ['| key | default | accepts | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
