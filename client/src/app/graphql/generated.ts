/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { gql } from 'apollo-angular';
import { Injectable } from '@angular/core';
import * as Apollo from 'apollo-angular';
export type EpisodeEventType =
  | 'ACKNOWLEDGED'
  | 'CLEARED'
  | 'OPENED'
  /** Acknowledged but still active after the re-alarm interval: unacknowledged again. */
  | 'REALARMED'
  /** More readings, sensors or a note (published at most once a second per episode). */
  | 'UPDATED';

/** What kind of trouble an episode is. */
export type EpisodeKind =
  /** The monitoring API flagged sensors (consecutive flagged readings). */
  | 'ANOMALY'
  /** A sensor fell from a steady value. */
  | 'DROP'
  /** A loaded sensor stuck at one value: a broken insole. */
  | 'FLATLINE'
  /** No fresh reading for a while although the patient is monitored. */
  | 'NO_DATA'
  /** A sensor outside its allowed band for a long time (sustained pressure). */
  | 'OUT_OF_RANGE'
  /** A sensor jumped up from a steady value. */
  | 'SPIKE';

/** Active or cleared, acknowledged or not. A cleared episode stays unacknowledged until someone acknowledges it. */
export type EpisodeStatus =
  | 'ACTIVE_ACKNOWLEDGED'
  | 'ACTIVE_UNACKNOWLEDGED'
  | 'CLEARED_ACKNOWLEDGED'
  | 'CLEARED_UNACKNOWLEDGED';

/** What a CSV export holds. */
export type ExportKind =
  /** The episodes that started in the range, newest first, with notes. */
  | 'EPISODES'
  /** Every reading: time, a value and a flag column per sensor. */
  | 'READINGS';

export type Foot =
  | 'LEFT'
  | 'RIGHT';

/** What the patient is doing, from the contacts of both feet over the last seconds. */
export type GaitState =
  /** Neither foot loaded: sitting, lying, or the insoles are off. */
  | 'NO_LOAD'
  /** Both feet loaded, no alternation. */
  | 'STANDING'
  /** Too little data yet (or the sensors are not yet calibrated). */
  | 'UNKNOWN'
  /** The feet take turns: steps. */
  | 'WALKING';

/** The span of the patient's own recording clock that live gait figures cover. */
export type GaitWindow =
  /** The last 5 min: long enough for symmetry to be judged. */
  | 'FIVE_MINUTES'
  /** The last 30 s: what the patient is doing now. Never flags asymmetry. */
  | 'THIRTY_SECONDS';

/** How a patient's readings arrive. */
export type PatientSource =
  /** Polled from the monitoring API. */
  | 'POLL'
  /** Pushed by a device (POST /ingest/v1/readings). */
  | 'PUSH'
  /** Replayed from an uploaded recording. */
  | 'REPLAY';

/** How fresh a patient's data is, as judged by the poller. */
export type PatientStatus =
  /** The last polls failed (HTTP errors, timeouts or malformed bodies). */
  | 'FAILING'
  /** Fresh samples keep arriving. */
  | 'LIVE'
  /** The API answers but no new sample arrived for a while. */
  | 'STALE'
  /** No answer from the API yet. */
  | 'UNKNOWN';

/** What topPatients ranks by. */
export type RankingMetric =
  /** Median |Robinson SI| of the stance shares over minutes with walking, percent (gait analytics; 0 symmetric, above ~10 outside the normal band). */
  | 'ASYMMETRY'
  /** Seconds of the range (up to now) without readings. */
  | 'DATA_GAPS'
  /** Episodes started in the range. */
  | 'EPISODES'
  /** Seconds of readings with a flagged sensor (flagged readings / 5 Hz). */
  | 'FLAGGED_SECONDS'
  /** |left - right| / (left + right) of the summed sensor values: 0 even, 1 one foot only. */
  | 'LOAD_IMBALANCE'
  /** Minutes spent walking (gait analytics). */
  | 'WALKING_MINUTES';

/** Where a replay stands. */
export type ReplayState =
  | 'FINISHED'
  | 'PAUSED'
  | 'PLAYING'
  | 'STOPPED';

/** How urgent an episode is, by kind. */
export type Severity =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type EpisodeFieldsFragment = { id: string, patientId: number, kind: EpisodeKind, severity: Severity, status: EpisodeStatus, startedAt: string, endedAt: string | null, lastFlaggedAt: string, durationMs: number, readingCount: number, sensors: Array<string>, peak: number | null, acknowledgedAt: string | null, acknowledgedBy: string | null, notes: Array<{ at: string, by: string, text: string }> };

export type AlarmsQueryVariables = Exact<{
  first: number;
  withNames: boolean;
}>;


export type AlarmsQuery = { episodes: { totalCount: number, edges: Array<{ node: { id: string, patientId: number, kind: EpisodeKind, severity: Severity, status: EpisodeStatus, startedAt: string, endedAt: string | null, lastFlaggedAt: string, durationMs: number, readingCount: number, sensors: Array<string>, peak: number | null, acknowledgedAt: string | null, acknowledgedBy: string | null, notes: Array<{ at: string, by: string, text: string }> } }> }, patients?: Array<{ id: number, firstName: string | null, lastName: string | null }> };

export type EpisodeEventsSubscriptionVariables = Exact<{
  patientIds?: Array<number> | number | null | undefined;
}>;


export type EpisodeEventsSubscription = { episodes: { type: EpisodeEventType, episode: { id: string, patientId: number, kind: EpisodeKind, severity: Severity, status: EpisodeStatus, startedAt: string, endedAt: string | null, lastFlaggedAt: string, durationMs: number, readingCount: number, sensors: Array<string>, peak: number | null, acknowledgedAt: string | null, acknowledgedBy: string | null, notes: Array<{ at: string, by: string, text: string }> } } };

export type OverviewPatientsQueryVariables = Exact<{ [key: string]: never; }>;


export type OverviewPatientsQuery = { patients: Array<{ source: PatientSource, id: number, firstName: string | null, lastName: string | null, birthYear: number | null, disabled: boolean | null, traceName: string | null, status: PatientStatus, lastReadingAt: string | null }> };

export type OverviewAnomalyCountsQueryVariables = Exact<{
  since?: string | null | undefined;
}>;


export type OverviewAnomalyCountsQuery = { patients: Array<{ id: number, anomalyCount: number }> };

export type PatientSummaryFieldsFragment = { patientId: number, status: PatientStatus, lastReadingAt: string | null, values: Array<number> | null, anomaly: boolean, flaggedSensors: Array<string>, leftShare: number | null, openEpisodes: number, unacknowledgedEpisodes: number, attention: Severity | null, gaitState: GaitState | null, cadence: number | null };

export type OverviewSummariesQueryVariables = Exact<{ [key: string]: never; }>;


export type OverviewSummariesQuery = { patientSummaries: Array<{ patientId: number, status: PatientStatus, lastReadingAt: string | null, values: Array<number> | null, anomaly: boolean, flaggedSensors: Array<string>, leftShare: number | null, openEpisodes: number, unacknowledgedEpisodes: number, attention: Severity | null, gaitState: GaitState | null, cadence: number | null }> };

export type OverviewSummaryFeedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type OverviewSummaryFeedSubscription = { patientSummaries: { at: string, summaries: Array<{ patientId: number, status: PatientStatus, lastReadingAt: string | null, values: Array<number> | null, anomaly: boolean, flaggedSensors: Array<string>, leftShare: number | null, openEpisodes: number, unacknowledgedEpisodes: number, attention: Severity | null, gaitState: GaitState | null, cadence: number | null }> } };

export type TopPatientsQueryVariables = Exact<{
  metric: RankingMetric;
  from: string;
  to: string;
  first: number;
}>;


export type TopPatientsQuery = { topPatients: Array<{ patientId: number, rank: number, value: number, readingCount: number }> };

export type TopPatientNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type TopPatientNamesQuery = { patients: Array<{ id: number, firstName: string | null, lastName: string | null }> };

export type PatientEpisodesQueryVariables = Exact<{
  patientId: number;
  first: number;
  after?: string | null | undefined;
}>;


export type PatientEpisodesQuery = { unacknowledged: { totalCount: number, edges: Array<{ node: { id: string, patientId: number, kind: EpisodeKind, severity: Severity, status: EpisodeStatus, startedAt: string, endedAt: string | null, lastFlaggedAt: string, durationMs: number, readingCount: number, sensors: Array<string>, peak: number | null, acknowledgedAt: string | null, acknowledgedBy: string | null, notes: Array<{ at: string, by: string, text: string }> } }> }, recent: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, patientId: number, kind: EpisodeKind, severity: Severity, status: EpisodeStatus, startedAt: string, endedAt: string | null, lastFlaggedAt: string, durationMs: number, readingCount: number, sensors: Array<string>, peak: number | null, acknowledgedAt: string | null, acknowledgedBy: string | null, notes: Array<{ at: string, by: string, text: string }> } }> } };

export type EpisodeReadingsQueryVariables = Exact<{
  patientId: number;
  startedAt: string;
  first: number;
}>;


export type EpisodeReadingsQuery = { episodes: { edges: Array<{ node: { id: string, readings: { totalCount: number, edges: Array<{ node: { patientId: number, at: string, traceId: string, anomaly: boolean, sensors: Array<{ id: number, value: number, anomaly: boolean }> } }> } } }> } };

export type AcknowledgeEpisodeMutationVariables = Exact<{
  id: string | number;
  note?: string | null | undefined;
}>;


export type AcknowledgeEpisodeMutation = { acknowledgeEpisode: { id: string, patientId: number, kind: EpisodeKind, severity: Severity, status: EpisodeStatus, startedAt: string, endedAt: string | null, lastFlaggedAt: string, durationMs: number, readingCount: number, sensors: Array<string>, peak: number | null, acknowledgedAt: string | null, acknowledgedBy: string | null, notes: Array<{ at: string, by: string, text: string }> } };

export type AddEpisodeNoteMutationVariables = Exact<{
  id: string | number;
  text: string;
}>;


export type AddEpisodeNoteMutation = { addEpisodeNote: { id: string, patientId: number, kind: EpisodeKind, severity: Severity, status: EpisodeStatus, startedAt: string, endedAt: string | null, lastFlaggedAt: string, durationMs: number, readingCount: number, sensors: Array<string>, peak: number | null, acknowledgedAt: string | null, acknowledgedBy: string | null, notes: Array<{ at: string, by: string, text: string }> } };

export type GaitFiguresFragment = { patientId: number, window: GaitWindow, asOf: string | null, state: GaitState, steps: number, walkingSeconds: number, cadence: number | null, doubleSupportShare: number | null, regularity: number | null, stanceShare: { left: number | null, right: number | null }, symmetry: { stanceSI: number | null, stanceRatio: number | null, strideRatio: number | null, flagged: boolean }, quality: { samplesPerSecond: number, coverage: number, confidence: number } };

export type GaitLiveSubscriptionVariables = Exact<{
  patientId: number;
  window: GaitWindow;
}>;


export type GaitLiveSubscription = { gait: { patientId: number, window: GaitWindow, asOf: string | null, state: GaitState, steps: number, walkingSeconds: number, cadence: number | null, doubleSupportShare: number | null, regularity: number | null, contacts: Array<{ foot: Foot, from: string, to: string }>, stanceShare: { left: number | null, right: number | null }, symmetry: { stanceSI: number | null, stanceRatio: number | null, strideRatio: number | null, flagged: boolean }, quality: { samplesPerSecond: number, coverage: number, confidence: number } } };

export type GaitWindowLiveSubscriptionVariables = Exact<{
  patientId: number;
  window: GaitWindow;
}>;


export type GaitWindowLiveSubscription = { gait: { patientId: number, window: GaitWindow, asOf: string | null, state: GaitState, steps: number, walkingSeconds: number, cadence: number | null, doubleSupportShare: number | null, regularity: number | null, stanceShare: { left: number | null, right: number | null }, symmetry: { stanceSI: number | null, stanceRatio: number | null, strideRatio: number | null, flagged: boolean }, quality: { samplesPerSecond: number, coverage: number, confidence: number } } };

export type GaitDaysQueryVariables = Exact<{
  patientId: number;
  from: string;
  to: string;
  timeZone: string;
}>;


export type GaitDaysQuery = { gaitHistory: { timeZone: string, days: Array<{ day: string, walkingMinutes: number, steps: number, bouts: number, cadence: number | null, stanceSI: number | null, strideRatio: number | null, minutesCovered: number }>, baseline: { days: number, walkingMinutesPerDay: number | null, cadence: number | null, stanceSI: number | null, strideRatio: number | null } } };

export type PatientHistoryQueryVariables = Exact<{
  patientId: number;
  from: string;
  to: string;
  maxPoints: number;
}>;


export type PatientHistoryQuery = { history: { bucketMs: number, buckets: Array<{ start: string, count: number, anomalyCount: number, sensors: Array<{ name: string, min: number, max: number, mean: number }> }>, gaps: Array<{ from: string, to: string }> } };

export type PatientRangeSummaryQueryVariables = Exact<{
  patientId: number;
  from: string;
  to: string;
}>;


export type PatientRangeSummaryQuery = { stats: { readingCount: number, coverage: number, anomalyCount: number, episodeCount: number, sensors: Array<{ name: string, min: number, mean: number, max: number, last: number | null, loadedFraction: number }> }, episodes: { totalCount: number, edges: Array<{ node: { id: string, kind: EpisodeKind, severity: Severity, startedAt: string, endedAt: string | null, lastFlaggedAt: string } }> } };

export type HistoryExportLinkMutationVariables = Exact<{
  patientId: number;
  from: string;
  to: string;
  kind: ExportKind;
}>;


export type HistoryExportLinkMutation = { exportLink: { path: string, fileName: string, expiresAt: string } };

export type ReplayFieldsFragment = { id: string, patientId: number, name: string, speed: number, state: ReplayState, sent: number, total: number, elapsedSeconds: number, remainingSeconds: number, startedAt: string };

export type ReplaysQueryVariables = Exact<{ [key: string]: never; }>;


export type ReplaysQuery = { replays: Array<{ id: string, patientId: number, name: string, speed: number, state: ReplayState, sent: number, total: number, elapsedSeconds: number, remainingSeconds: number, startedAt: string }> };

export type ReplayProgressSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ReplayProgressSubscription = { replayProgress: Array<{ id: string, patientId: number, name: string, speed: number, state: ReplayState, sent: number, total: number, elapsedSeconds: number, remainingSeconds: number, startedAt: string }> };

export type StartReplayMutationVariables = Exact<{
  uploadId: string | number;
  name: string;
  speed: number;
}>;


export type StartReplayMutation = { startReplay: { id: string, patientId: number, name: string, speed: number, state: ReplayState, sent: number, total: number, elapsedSeconds: number, remainingSeconds: number, startedAt: string } };

export type PauseReplayMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseReplayMutation = { pauseReplay: { id: string, patientId: number, name: string, speed: number, state: ReplayState, sent: number, total: number, elapsedSeconds: number, remainingSeconds: number, startedAt: string } };

export type ResumeReplayMutationVariables = Exact<{
  id: string | number;
  speed?: number | null | undefined;
}>;


export type ResumeReplayMutation = { resumeReplay: { id: string, patientId: number, name: string, speed: number, state: ReplayState, sent: number, total: number, elapsedSeconds: number, remainingSeconds: number, startedAt: string } };

export type StopReplayMutationVariables = Exact<{
  id: string | number;
}>;


export type StopReplayMutation = { stopReplay: { id: string, patientId: number, name: string, speed: number, state: ReplayState, sent: number, total: number, elapsedSeconds: number, remainingSeconds: number, startedAt: string } };

export type SensorFieldsFragment = { id: number, value: number, anomaly: boolean };

export type ReadingFieldsFragment = { patientId: number, at: string, traceId: string, anomaly: boolean, sensors: Array<{ id: number, value: number, anomaly: boolean }> };

export type PatientFieldsFragment = { id: number, firstName: string | null, lastName: string | null, birthYear: number | null, disabled: boolean | null, traceName: string | null, status: PatientStatus, lastReadingAt: string | null };

export type PatientsQueryVariables = Exact<{
  since?: string | null | undefined;
}>;


export type PatientsQuery = { patients: Array<{ anomalyCount: number, id: number, firstName: string | null, lastName: string | null, birthYear: number | null, disabled: boolean | null, traceName: string | null, status: PatientStatus, lastReadingAt: string | null, latest: { patientId: number, at: string, traceId: string, anomaly: boolean, sensors: Array<{ id: number, value: number, anomaly: boolean }> } | null }> };

export type PatientQueryVariables = Exact<{
  id: number;
}>;


export type PatientQuery = { patient: { source: PatientSource, id: number, firstName: string | null, lastName: string | null, birthYear: number | null, disabled: boolean | null, traceName: string | null, status: PatientStatus, lastReadingAt: string | null } | null };

export type ReadingsQueryVariables = Exact<{
  patientId: number;
  from?: string | null | undefined;
  to?: string | null | undefined;
  last?: number | null | undefined;
}>;


export type ReadingsQuery = { readings: Array<{ patientId: number, at: string, traceId: string, anomaly: boolean, sensors: Array<{ id: number, value: number, anomaly: boolean }> }> };

export type AnomaliesQueryVariables = Exact<{
  patientId: number;
  from?: string | null | undefined;
  to?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AnomaliesQuery = { anomalies: { totalCount: number, edges: Array<{ cursor: string, node: { patientId: number, at: string, traceId: string, anomaly: boolean, sensors: Array<{ id: number, value: number, anomaly: boolean }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type LiveReadingsSubscriptionVariables = Exact<{
  patientIds?: Array<number> | number | null | undefined;
}>;


export type LiveReadingsSubscription = { readings: { patientId: number, at: string, traceId: string, anomaly: boolean, sensors: Array<{ id: number, value: number, anomaly: boolean }> } };

export const EpisodeFieldsFragmentDoc = gql`
    fragment EpisodeFields on Episode {
  id
  patientId
  kind
  severity
  status
  startedAt
  endedAt
  lastFlaggedAt
  durationMs
  readingCount
  sensors
  peak
  acknowledgedAt
  acknowledgedBy
  notes {
    at
    by
    text
  }
}
    `;
export const PatientSummaryFieldsFragmentDoc = gql`
    fragment PatientSummaryFields on PatientSummary {
  patientId
  status
  lastReadingAt
  values
  anomaly
  flaggedSensors
  leftShare
  openEpisodes
  unacknowledgedEpisodes
  attention
  gaitState
  cadence
}
    `;
export const GaitFiguresFragmentDoc = gql`
    fragment GaitFigures on GaitSummary {
  patientId
  window
  asOf
  state
  steps
  walkingSeconds
  cadence
  stanceShare {
    left
    right
  }
  doubleSupportShare
  regularity
  symmetry {
    stanceSI
    stanceRatio
    strideRatio
    flagged
  }
  quality {
    samplesPerSecond
    coverage
    confidence
  }
}
    `;
export const ReplayFieldsFragmentDoc = gql`
    fragment ReplayFields on Replay {
  id
  patientId
  name
  speed
  state
  sent
  total
  elapsedSeconds
  remainingSeconds
  startedAt
}
    `;
export const SensorFieldsFragmentDoc = gql`
    fragment SensorFields on Sensor {
  id
  value
  anomaly
}
    `;
export const ReadingFieldsFragmentDoc = gql`
    fragment ReadingFields on Reading {
  patientId
  at
  traceId
  anomaly
  sensors {
    ...SensorFields
  }
}
    ${SensorFieldsFragmentDoc}`;
export const PatientFieldsFragmentDoc = gql`
    fragment PatientFields on Patient {
  id
  firstName
  lastName
  birthYear
  disabled
  traceName
  status
  lastReadingAt
}
    `;
export const AlarmsDocument = gql`
    query Alarms($first: Int!, $withNames: Boolean!) {
  episodes(status: [ACTIVE_UNACKNOWLEDGED, CLEARED_UNACKNOWLEDGED], first: $first) {
    totalCount
    edges {
      node {
        ...EpisodeFields
      }
    }
  }
  patients @include(if: $withNames) {
    id
    firstName
    lastName
  }
}
    ${EpisodeFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class AlarmsGQL extends Apollo.Query<AlarmsQuery, AlarmsQueryVariables> {
    override document = AlarmsDocument;
  }
export const EpisodeEventsDocument = gql`
    subscription EpisodeEvents($patientIds: [Int!]) {
  episodes(patientIds: $patientIds) {
    type
    episode {
      ...EpisodeFields
    }
  }
}
    ${EpisodeFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class EpisodeEventsGQL extends Apollo.Subscription<EpisodeEventsSubscription, EpisodeEventsSubscriptionVariables> {
    override document = EpisodeEventsDocument;
  }
export const OverviewPatientsDocument = gql`
    query OverviewPatients {
  patients {
    ...PatientFields
    source
  }
}
    ${PatientFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class OverviewPatientsGQL extends Apollo.Query<OverviewPatientsQuery, OverviewPatientsQueryVariables> {
    override document = OverviewPatientsDocument;
  }
export const OverviewAnomalyCountsDocument = gql`
    query OverviewAnomalyCounts($since: DateTime) {
  patients {
    id
    anomalyCount(since: $since)
  }
}
    `;

  @Injectable({
    providedIn: 'root'
  })
  export class OverviewAnomalyCountsGQL extends Apollo.Query<OverviewAnomalyCountsQuery, OverviewAnomalyCountsQueryVariables> {
    override document = OverviewAnomalyCountsDocument;
  }
export const OverviewSummariesDocument = gql`
    query OverviewSummaries {
  patientSummaries {
    ...PatientSummaryFields
  }
}
    ${PatientSummaryFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class OverviewSummariesGQL extends Apollo.Query<OverviewSummariesQuery, OverviewSummariesQueryVariables> {
    override document = OverviewSummariesDocument;
  }
export const OverviewSummaryFeedDocument = gql`
    subscription OverviewSummaryFeed {
  patientSummaries {
    at
    summaries {
      ...PatientSummaryFields
    }
  }
}
    ${PatientSummaryFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class OverviewSummaryFeedGQL extends Apollo.Subscription<OverviewSummaryFeedSubscription, OverviewSummaryFeedSubscriptionVariables> {
    override document = OverviewSummaryFeedDocument;
  }
export const TopPatientsDocument = gql`
    query TopPatients($metric: RankingMetric!, $from: DateTime!, $to: DateTime!, $first: Int!) {
  topPatients(metric: $metric, from: $from, to: $to, first: $first) {
    patientId
    rank
    value
    readingCount
  }
}
    `;

  @Injectable({
    providedIn: 'root'
  })
  export class TopPatientsGQL extends Apollo.Query<TopPatientsQuery, TopPatientsQueryVariables> {
    override document = TopPatientsDocument;
  }
export const TopPatientNamesDocument = gql`
    query TopPatientNames {
  patients {
    id
    firstName
    lastName
  }
}
    `;

  @Injectable({
    providedIn: 'root'
  })
  export class TopPatientNamesGQL extends Apollo.Query<TopPatientNamesQuery, TopPatientNamesQueryVariables> {
    override document = TopPatientNamesDocument;
  }
export const PatientEpisodesDocument = gql`
    query PatientEpisodes($patientId: Int!, $first: Int!, $after: String) {
  unacknowledged: episodes(
    patientIds: [$patientId]
    status: [ACTIVE_UNACKNOWLEDGED, CLEARED_UNACKNOWLEDGED]
    first: 100
  ) {
    totalCount
    edges {
      node {
        ...EpisodeFields
      }
    }
  }
  recent: episodes(patientIds: [$patientId], first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...EpisodeFields
      }
    }
  }
}
    ${EpisodeFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class PatientEpisodesGQL extends Apollo.Query<PatientEpisodesQuery, PatientEpisodesQueryVariables> {
    override document = PatientEpisodesDocument;
  }
export const EpisodeReadingsDocument = gql`
    query EpisodeReadings($patientId: Int!, $startedAt: DateTime!, $first: Int!) {
  episodes(patientIds: [$patientId], from: $startedAt, to: $startedAt, first: 10) {
    edges {
      node {
        id
        readings(first: $first) {
          totalCount
          edges {
            node {
              ...ReadingFields
            }
          }
        }
      }
    }
  }
}
    ${ReadingFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class EpisodeReadingsGQL extends Apollo.Query<EpisodeReadingsQuery, EpisodeReadingsQueryVariables> {
    override document = EpisodeReadingsDocument;
  }
export const AcknowledgeEpisodeDocument = gql`
    mutation AcknowledgeEpisode($id: ID!, $note: String) {
  acknowledgeEpisode(id: $id, note: $note) {
    ...EpisodeFields
  }
}
    ${EpisodeFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class AcknowledgeEpisodeGQL extends Apollo.Mutation<AcknowledgeEpisodeMutation, AcknowledgeEpisodeMutationVariables> {
    override document = AcknowledgeEpisodeDocument;
  }
export const AddEpisodeNoteDocument = gql`
    mutation AddEpisodeNote($id: ID!, $text: String!) {
  addEpisodeNote(id: $id, text: $text) {
    ...EpisodeFields
  }
}
    ${EpisodeFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class AddEpisodeNoteGQL extends Apollo.Mutation<AddEpisodeNoteMutation, AddEpisodeNoteMutationVariables> {
    override document = AddEpisodeNoteDocument;
  }
export const GaitLiveDocument = gql`
    subscription GaitLive($patientId: Int!, $window: GaitWindow!) {
  gait(patientId: $patientId, window: $window) {
    ...GaitFigures
    contacts {
      foot
      from
      to
    }
  }
}
    ${GaitFiguresFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class GaitLiveGQL extends Apollo.Subscription<GaitLiveSubscription, GaitLiveSubscriptionVariables> {
    override document = GaitLiveDocument;
  }
export const GaitWindowLiveDocument = gql`
    subscription GaitWindowLive($patientId: Int!, $window: GaitWindow!) {
  gait(patientId: $patientId, window: $window) {
    ...GaitFigures
  }
}
    ${GaitFiguresFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class GaitWindowLiveGQL extends Apollo.Subscription<GaitWindowLiveSubscription, GaitWindowLiveSubscriptionVariables> {
    override document = GaitWindowLiveDocument;
  }
export const GaitDaysDocument = gql`
    query GaitDays($patientId: Int!, $from: DateTime!, $to: DateTime!, $timeZone: String!) {
  gaitHistory(patientId: $patientId, from: $from, to: $to, timeZone: $timeZone) {
    timeZone
    days {
      day
      walkingMinutes
      steps
      bouts
      cadence
      stanceSI
      strideRatio
      minutesCovered
    }
    baseline {
      days
      walkingMinutesPerDay
      cadence
      stanceSI
      strideRatio
    }
  }
}
    `;

  @Injectable({
    providedIn: 'root'
  })
  export class GaitDaysGQL extends Apollo.Query<GaitDaysQuery, GaitDaysQueryVariables> {
    override document = GaitDaysDocument;
  }
export const PatientHistoryDocument = gql`
    query PatientHistory($patientId: Int!, $from: DateTime!, $to: DateTime!, $maxPoints: Int!) {
  history(patientId: $patientId, from: $from, to: $to, maxPoints: $maxPoints) {
    bucketMs
    buckets {
      start
      count
      anomalyCount
      sensors {
        name
        min
        max
        mean
      }
    }
    gaps {
      from
      to
    }
  }
}
    `;

  @Injectable({
    providedIn: 'root'
  })
  export class PatientHistoryGQL extends Apollo.Query<PatientHistoryQuery, PatientHistoryQueryVariables> {
    override document = PatientHistoryDocument;
  }
export const PatientRangeSummaryDocument = gql`
    query PatientRangeSummary($patientId: Int!, $from: DateTime!, $to: DateTime!) {
  stats(patientId: $patientId, from: $from, to: $to) {
    readingCount
    coverage
    anomalyCount
    episodeCount
    sensors {
      name
      min
      mean
      max
      last
      loadedFraction
    }
  }
  episodes(patientIds: [$patientId], from: $from, to: $to, first: 500) {
    totalCount
    edges {
      node {
        id
        kind
        severity
        startedAt
        endedAt
        lastFlaggedAt
      }
    }
  }
}
    `;

  @Injectable({
    providedIn: 'root'
  })
  export class PatientRangeSummaryGQL extends Apollo.Query<PatientRangeSummaryQuery, PatientRangeSummaryQueryVariables> {
    override document = PatientRangeSummaryDocument;
  }
export const HistoryExportLinkDocument = gql`
    mutation HistoryExportLink($patientId: Int!, $from: DateTime!, $to: DateTime!, $kind: ExportKind!) {
  exportLink(patientId: $patientId, from: $from, to: $to, kind: $kind) {
    path
    fileName
    expiresAt
  }
}
    `;

  @Injectable({
    providedIn: 'root'
  })
  export class HistoryExportLinkGQL extends Apollo.Mutation<HistoryExportLinkMutation, HistoryExportLinkMutationVariables> {
    override document = HistoryExportLinkDocument;
  }
export const ReplaysDocument = gql`
    query Replays {
  replays {
    ...ReplayFields
  }
}
    ${ReplayFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class ReplaysGQL extends Apollo.Query<ReplaysQuery, ReplaysQueryVariables> {
    override document = ReplaysDocument;
  }
export const ReplayProgressDocument = gql`
    subscription ReplayProgress {
  replayProgress {
    ...ReplayFields
  }
}
    ${ReplayFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class ReplayProgressGQL extends Apollo.Subscription<ReplayProgressSubscription, ReplayProgressSubscriptionVariables> {
    override document = ReplayProgressDocument;
  }
export const StartReplayDocument = gql`
    mutation StartReplay($uploadId: ID!, $name: String!, $speed: Float!) {
  startReplay(uploadId: $uploadId, name: $name, speed: $speed) {
    ...ReplayFields
  }
}
    ${ReplayFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class StartReplayGQL extends Apollo.Mutation<StartReplayMutation, StartReplayMutationVariables> {
    override document = StartReplayDocument;
  }
export const PauseReplayDocument = gql`
    mutation PauseReplay($id: ID!) {
  pauseReplay(id: $id) {
    ...ReplayFields
  }
}
    ${ReplayFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class PauseReplayGQL extends Apollo.Mutation<PauseReplayMutation, PauseReplayMutationVariables> {
    override document = PauseReplayDocument;
  }
export const ResumeReplayDocument = gql`
    mutation ResumeReplay($id: ID!, $speed: Float) {
  resumeReplay(id: $id, speed: $speed) {
    ...ReplayFields
  }
}
    ${ReplayFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class ResumeReplayGQL extends Apollo.Mutation<ResumeReplayMutation, ResumeReplayMutationVariables> {
    override document = ResumeReplayDocument;
  }
export const StopReplayDocument = gql`
    mutation StopReplay($id: ID!) {
  stopReplay(id: $id) {
    ...ReplayFields
  }
}
    ${ReplayFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class StopReplayGQL extends Apollo.Mutation<StopReplayMutation, StopReplayMutationVariables> {
    override document = StopReplayDocument;
  }
export const PatientsDocument = gql`
    query Patients($since: DateTime) {
  patients {
    ...PatientFields
    anomalyCount(since: $since)
    latest {
      ...ReadingFields
    }
  }
}
    ${PatientFieldsFragmentDoc}
${ReadingFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class PatientsGQL extends Apollo.Query<PatientsQuery, PatientsQueryVariables> {
    override document = PatientsDocument;
  }
export const PatientDocument = gql`
    query Patient($id: Int!) {
  patient(id: $id) {
    ...PatientFields
    source
  }
}
    ${PatientFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class PatientGQL extends Apollo.Query<PatientQuery, PatientQueryVariables> {
    override document = PatientDocument;
  }
export const ReadingsDocument = gql`
    query Readings($patientId: Int!, $from: DateTime, $to: DateTime, $last: Int) {
  readings(patientId: $patientId, from: $from, to: $to, last: $last) {
    ...ReadingFields
  }
}
    ${ReadingFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class ReadingsGQL extends Apollo.Query<ReadingsQuery, ReadingsQueryVariables> {
    override document = ReadingsDocument;
  }
export const AnomaliesDocument = gql`
    query Anomalies($patientId: Int!, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  anomalies(
    patientId: $patientId
    from: $from
    to: $to
    first: $first
    after: $after
  ) {
    edges {
      cursor
      node {
        ...ReadingFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    ${ReadingFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class AnomaliesGQL extends Apollo.Query<AnomaliesQuery, AnomaliesQueryVariables> {
    override document = AnomaliesDocument;
  }
export const LiveReadingsDocument = gql`
    subscription LiveReadings($patientIds: [Int!]) {
  readings(patientIds: $patientIds) {
    ...ReadingFields
  }
}
    ${ReadingFieldsFragmentDoc}`;

  @Injectable({
    providedIn: 'root'
  })
  export class LiveReadingsGQL extends Apollo.Subscription<LiveReadingsSubscription, LiveReadingsSubscriptionVariables> {
    override document = LiveReadingsDocument;
  }