/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { gql } from 'apollo-angular';
import { Injectable } from '@angular/core';
import * as Apollo from 'apollo-angular';
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


export type PatientQuery = { patient: { id: number, firstName: string | null, lastName: string | null, birthYear: number | null, disabled: boolean | null, traceName: string | null, status: PatientStatus, lastReadingAt: string | null } | null };

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