import { Min } from 'class-validator';
import { ArgsType, Field, Int, registerEnumType } from 'type-graphql';
import type { ExportKind } from './export-link';

export const ExportKindEnum = {
  READINGS: 'READINGS',
  EPISODES: 'EPISODES',
} as const satisfies { [K in ExportKind]: K };

registerEnumType(ExportKindEnum, {
  name: 'ExportKind',
  description: 'What a CSV export holds.',
  valuesConfig: {
    READINGS: { description: 'Every reading: time, a value and a flag column per sensor.' },
    EPISODES: { description: 'The episodes that started in the range, newest first, with notes.' },
  },
});

/** Longest range one export may cover: a month of one patient is ~13 million readings, ~600 MB of CSV. */
export const MAX_EXPORT_DAYS = 31;

@ArgsType()
export class ExportLinkArgs {
  @Field(() => ExportKindEnum)
  kind!: ExportKind;

  @Field(() => Int)
  @Min(0)
  patientId!: number;

  @Field({ description: 'Inclusive start.' })
  from!: Date;

  @Field({ description: `Inclusive end; after \`from\`, at most ${MAX_EXPORT_DAYS} days later.` })
  to!: Date;
}
