import { writeFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildPlantarSchema, printPlantarSchema } from './build-schema';

/**
 * Writes ../schema.graphql from the resolvers, or with --check fails when the checked-in file
 * differs from what the code emits.
 */
async function main(): Promise<void> {
  const target = resolve(__dirname, '../../../schema.graphql');
  const text = printPlantarSchema(await buildPlantarSchema());
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error('schema.graphql is stale: run `npm run schema` and commit the result.');
      process.exit(1);
    }
    console.log('schema.graphql is current.');
    return;
  }
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}

void main();
