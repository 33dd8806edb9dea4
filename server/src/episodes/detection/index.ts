export { DEFAULT_DETECTOR_CONFIG, detectorConfigProblems, type DetectorConfig } from './detector-config';
export { isTrackerState, PatientTracker, type TrackerState } from './patient-tracker';
