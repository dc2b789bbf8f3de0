#!/usr/bin/env node
// Copies examples/NAME.ts into README.md between `<!-- example: NAME -->` and `<!-- end example -->`.
// test/e2e/examples checks that the README shows them verbatim, so run this after editing one.
import { readFileSync, writeFileSync } from 'node:fs';

const readme = readFileSync('README.md', 'utf8');
const updated = readme.replace(
  /<!-- example: ([a-z-]+) -->\n[\s\S]*?<!-- end example -->/g,
  (_, name) => `<!-- example: ${name} -->\n\`\`\`ts\n${readFileSync(`examples/${name}.ts`, 'utf8')}\`\`\`\n<!-- end example -->`,
);
writeFileSync('README.md', updated);
