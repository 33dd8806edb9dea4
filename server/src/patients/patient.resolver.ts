import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { polledPatients } from '../polling/polled-patients';
import type { Context, Services } from '../graphql/context';
import { toReadingType } from '../readings/reading.type';
import { EpisodeType, toEpisodeType } from '../episodes/episode.type';
import type { PatientInfo } from './patient-info';
import { PatientType } from './patient.type';
import { toPollingHealthType } from './polling-health.type';

const HOUR_MS = 3_600_000;

@Resolver(() => PatientType)
export class PatientResolver {
  @Query(() => [PatientType], {
    description:
      'Every patient of the deployment, by id: the polled ones (by any instance) and those that push or are replayed.',
  })
  async patients(@Ctx() { services }: Context): Promise<PatientType[]> {
    const { store, config, logger, poller } = services;
    // With CLUSTER=on this instance polls a share: the polled set of the deployment is in Redis.
    const polled =
      services.cluster === undefined ? poller.patientIds() : await polledPatients(config, store, logger);
    const known = await store.knownPatients();
    const knownInfo = await store.patients(known);
    const others = known.filter((id) => {
      const source = knownInfo.get(id)?.source;
      return source === 'PUSH' || source === 'REPLAY';
    });
    const ids = [...new Set([...polled, ...others])].sort((a, b) => a - b);
    const info = await store.patients(ids);
    return Promise.all(ids.map((id) => toPatientType(id, info.get(id), services)));
  }

  @Query(() => PatientType, {
    nullable: true,
    description: 'A patient polled now or seen before; null otherwise.',
  })
  async patient(@Arg('id', () => Int) id: number, @Ctx() { services }: Context): Promise<PatientType | null> {
    const info = (await services.store.patients([id])).get(id);
    if (info === undefined && !services.poller.has(id)) return null;
    return toPatientType(id, info, services);
  }

  @FieldResolver(() => [EpisodeType], { description: 'Active episodes, oldest first.' })
  async openEpisodes(@Root() patient: PatientType, @Ctx() { services }: Context): Promise<EpisodeType[]> {
    const now = Date.now();
    return ((await services.episodes.active([patient.id])).get(patient.id) ?? []).map((e) =>
      toEpisodeType(e, now),
    );
  }

  @FieldResolver(() => Int, {
    description: 'Episodes nobody has acknowledged yet, active or cleared.',
  })
  async unacknowledgedCount(@Root() patient: PatientType, @Ctx() { services }: Context): Promise<number> {
    return (await services.episodes.unacknowledgedCounts([patient.id])).get(patient.id) ?? 0;
  }

  @FieldResolver(() => Int, {
    description: 'Anomalous readings stored since the given time (default: the last hour).',
  })
  async anomalyCount(
    @Root() patient: PatientType,
    @Arg('since', () => Date, { nullable: true }) since: Date | undefined,
    @Ctx() { services }: Context,
  ): Promise<number> {
    return services.store.anomalyCount(patient.id, since?.getTime() ?? Date.now() - HOUR_MS);
  }
}

async function toPatientType(
  id: number,
  info: PatientInfo | undefined,
  services: Services,
): Promise<PatientType> {
  // The poller's last reading saves a store round trip; the store answers for patients polled elsewhere.
  const latest = services.poller.latest(id) ?? (await services.store.latest(id));
  const health = services.poller.health(id);
  return {
    id,
    firstName: info?.firstName ?? null,
    lastName: info?.lastName ?? null,
    birthYear: info?.birthYear ?? null,
    disabled: info?.disabled ?? null,
    traceName: info?.traceName ?? null,
    source: info?.source ?? 'POLL',
    status: services.poller.status(id),
    lastReadingAt: latest === undefined ? null : new Date(latest.at),
    latest: latest === undefined ? null : toReadingType(latest),
    polling: health === undefined ? null : toPollingHealthType(health),
  };
}
