import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AnomalyResolver } from '../anomalies/anomaly.resolver';
import { EpisodeResolver } from '../episodes/episode.resolver';
import { ExportResolver } from '../export/export.resolver';
import { GaitResolver } from '../gait/gait.resolver';
import { ReplayResolver } from '../replay/replay.resolver';
import { HistoryResolver } from '../history/history.resolver';
import { OverviewResolver } from '../overview/overview.resolver';
import { PatientResolver } from '../patients/patient.resolver';
import { ReadingResolver } from '../readings/reading.resolver';
import { PatientAdminResolver } from '../patients/patient-admin.resolver';
import { authChecker } from '../auth/auth-checker';
import type { Context } from '../graphql/context';
import type { Reading } from '../readings/reading';
import { toReadingType } from '../readings/reading.type';

/** The public GraphQL contract, built from the resolvers; schema.graphql is its printed form. */
export async function buildPlantarSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      PatientResolver,
      PatientAdminResolver,
      ReadingResolver,
      AnomalyResolver,
      EpisodeResolver,
      OverviewResolver,
      HistoryResolver,
      ExportResolver,
      GaitResolver,
      ReplayResolver,
    ],
    authChecker,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    // class-validator checks argument bounds (page sizes, list lengths) before resolvers run.
    validate: { forbidUnknownValues: false },
    // Every subscription supplies its own `subscribe` (per-patient topics on the store's pub/sub),
    // but type-graphql insists on a default engine; this one says so if anything ever uses it.
    pubSub: {
      publish: () => {
        throw new Error('publish through the store, not the schema');
      },
      subscribe: () => {
        throw new Error('subscriptions must declare their own subscribe()');
      },
    },
  });
  resolveLiveReadingsDirectly(schema);
  return schema;
}

/**
 * type-graphql resolves every subscription event through its handler machinery: the resolver
 * instance, the middlewares, the method's parameters sorted and converted (an arguments-class
 * instance) — ~2 KB of garbage per event on the live path, measured with an allocation profile of
 * the freshness bench (BENCHMARKS.md). The live fields only map the published reading to its
 * GraphQL shape — roles are checked per operation, arguments once in `subscribe` — so they resolve
 * with that function itself. The decorated methods still declare the fields and call the same one.
 * Here too each event's freshness is observed: once per shared execution, as late as the server
 * can see it before the transport serialises the result.
 */
function resolveLiveReadingsDirectly(schema: GraphQLSchema): void {
  const fields = schema.getSubscriptionType()?.getFields() ?? {};
  for (const name of ['readings', 'anomalies']) {
    const field = fields[name];
    if (field === undefined) throw new Error(`the schema has no subscription ${name}`);
    field.resolve = (reading: Reading, _args: unknown, context: Context) => {
      context.services.metrics.liveFreshness.observe((Date.now() - reading.at) / 1000);
      return toReadingType(reading);
    };
  }
}

export const SCHEMA_HEADER =
  '# Generated from the type-graphql resolvers by `npm run schema`; do not edit by hand.\n' +
  '# `npm test` fails when this file differs from what the code emits.\n\n';

export function printPlantarSchema(schema: GraphQLSchema): string {
  return SCHEMA_HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}
