import { describeArchiveContract } from '../support/archive-contract';
import { pgliteArchive } from '../support/archive-db';

// The first open of a data folder runs initdb (~6 s on an idle machine).
jest.setTimeout(60_000);

describeArchiveContract('PGlite', () => pgliteArchive());
