// Removes the `constructor(apollo: Apollo.Apollo) { super(apollo); }` blocks that
// typescript-apollo-angular emits: the base class injects Apollo itself, and the explicit
// constructor breaks under jest (NG0202, parameter type lost).
import { readFileSync, writeFileSync } from 'node:fs';

for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, 'utf8');
  const stripped = source.replace(
    /\n\s*constructor\(apollo: Apollo\.Apollo\) \{\n\s*super\(apollo\);\n\s*\}\n/g,
    '\n',
  );
  if (stripped !== source) writeFileSync(file, stripped);
}
