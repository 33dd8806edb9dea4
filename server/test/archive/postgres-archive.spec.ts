import { describeArchiveContract } from '../support/archive-contract';
import { postgresArchive } from '../support/archive-db';

describeArchiveContract('PostgreSQL', () => postgresArchive('contract'));
