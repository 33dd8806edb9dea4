import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildPlantarSchema, printPlantarSchema } from '../src/schema/build-schema';

describe('schema.graphql', () => {
  it('is exactly what the resolvers emit (run `npm run schema` after changing them)', async () => {
    const checkedIn = readFileSync(resolve(__dirname, '../../schema.graphql'), 'utf8');
    expect(checkedIn).toBe(printPlantarSchema(await buildPlantarSchema()));
  });
});
