/** The seed's Redis layout, `{id}_data` and friends, behind an optional deployment prefix. */
export interface PatientKeys {
  readonly data: string;
  readonly timestamp: string;
  /** Not in the seed: the API's trace.id per reading, kept in step with the two lists above. */
  readonly trace: string;
  readonly anomaly: string;
  readonly anomalyTimestamp: string;
  readonly anomalyTrace: string;
  readonly info: string;
}

export function patientKeys(prefix: string, patientId: number): PatientKeys {
  const p = `${prefix}${patientId}`;
  return {
    data: `${p}_data`,
    timestamp: `${p}_timestamp`,
    trace: `${p}_trace`,
    anomaly: `${p}_anomaly`,
    anomalyTimestamp: `${p}_anomaly_timestamp`,
    anomalyTrace: `${p}_anomaly_trace`,
    info: `${prefix}patient:${patientId}`,
  };
}
