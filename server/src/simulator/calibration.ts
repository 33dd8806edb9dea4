/**
 * Figures measured on published captures of the real foot-pressure API (the `ppdv` recordings
 * described in shared/foot-pressure-api.md). The recordings themselves stay out of this repository:
 * a throwaway script outside it read them and the numbers below were typed in by hand, so the
 * simulator and its tests work on a clean clone.
 *
 * How each figure was measured:
 * - `captures-2020-01` (6 x 1000 consecutive polls): polls repeating the previous one (same
 *   trace id and values) were collapsed into one sample, as the real server repeats a sample when
 *   polled faster than it produces them. Over the remaining ~635 samples per patient:
 *   - `saturationShare`: share of all sensor values equal to 1023;
 *   - `floorP5`: 5th percentile of all sensor values (the unloaded floor, robust to the odd
 *     lower outlier);
 *   - `meanStep`: mean over sensors and consecutive samples of |value[t] - value[t-1]|;
 *   - `idleShare` (Albert only): share of samples with all six sensors below floorP5 + 60.
 *   - samples per change of the trace clock: 3.53 on average (3.48..3.57 per patient).
 * - `readings-2021-01` and `anomaly-episodes-2021-01`: trace-clock ranges per patient (the loop),
 *   where each anomaly episode starts on that clock, and its wall-clock duration (the longest
 *   sighting of each recurring episode, rounded). Every one of the 63 episodes flags all six
 *   sensors; none was seen for Albert (patient 3).
 */

/** Measured targets of one default patient (ids 1..6). */
export interface CapturedStats {
  readonly saturationShare: number;
  readonly floorP5: number;
  readonly meanStep: number;
}

/** Per default patient, index 0 = patient 1. From captures-2020-01 (see above). */
export const CAPTURED_STATS: readonly CapturedStats[] = [
  { saturationShare: 0.514, floorP5: 25, meanStep: 164.5 }, // 1 Janek: mostly standing, some steps
  { saturationShare: 0.466, floorP5: 10, meanStep: 365.6 }, // 2 Elżbieta: lively walking
  { saturationShare: 0.017, floorP5: 4, meanStep: 18.9 }, // 3 Albert: mostly idle
  { saturationShare: 0.49, floorP5: 43, meanStep: 334.1 }, // 4 Ewelina
  { saturationShare: 0.445, floorP5: 68, meanStep: 191.3 }, // 5 Piotr
  { saturationShare: 0.556, floorP5: 55, meanStep: 123.6 }, // 6 Bartosz
];

/** Albert (patient 3): share of samples with every sensor within 60 of the floor. */
export const CAPTURED_IDLE_SHARE_ALBERT = 0.81;

/**
 * The recording's clock advances one second every 3.53 fresh samples (captures-2020-01), and a
 * fresh sample comes every ~200 ms of wall time: the recordings replay ~1.41x faster than they
 * were taken. 1000 / 3.53 = 283 ms of recording clock per sample, which reproduces the real
 * pattern of trace ids repeating over 3 or 4 consecutive samples.
 */
export const RECORDING_MS_PER_SAMPLE = 283;

/** Fresh samples per second of the recording clock (see RECORDING_MS_PER_SAMPLE). */
export const SAMPLES_PER_RECORDING_SECOND = 1000 / RECORDING_MS_PER_SAMPLE;

/** One recurring anomaly episode: where it starts on the loop's recording clock, how long it lasts. */
export interface CapturedEpisode {
  /** Seconds of recording clock after the loop's start. */
  readonly offsetRecordingS: number;
  /** Wall-clock seconds (the longest sighting, rounded). */
  readonly durationS: number;
}

/** Recording start and loop of one default patient. */
export interface CapturedLoop {
  /** The trace clock at the loop's start: [hour, minute, second, day, month, year]. */
  readonly start: readonly [number, number, number, number, number, number];
  /**
   * Wall-clock minutes of one loop: the recording-clock span seen in readings-2021-01 times
   * 0.707 (200 ms wall per 283 ms recording), clamped into the 14..28 minutes the real service
   * was documented to loop in (two spans stretch further because that file mixes server runs).
   * Albert's recording mixes several dates, so his loop is a plausible 20 minutes.
   */
  readonly loopMinutes: number;
  readonly episodes: readonly CapturedEpisode[];
}

/** Index 0 = patient 1. From readings-2021-01 and anomaly-episodes-2021-01 (see above). */
export const CAPTURED_LOOPS: readonly CapturedLoop[] = [
  {
    // span 9012..11371 s = 2359 s recording -> 27.8 min
    start: [2, 30, 12, 1, 1, 2010],
    loopMinutes: 27.8,
    episodes: [
      { offsetRecordingS: 286, durationS: 29 },
      { offsetRecordingS: 568, durationS: 14 },
      { offsetRecordingS: 847, durationS: 20 },
    ],
  },
  {
    // span 49427..50598 s = 1171 s recording -> 13.8 min, clamped to 14
    start: [13, 43, 47, 5, 6, 2019],
    loopMinutes: 14,
    episodes: [
      { offsetRecordingS: 283, durationS: 31 },
      { offsetRecordingS: 560, durationS: 14 },
      { offsetRecordingS: 837, durationS: 22 },
    ],
  },
  { start: [12, 24, 25, 5, 6, 2019], loopMinutes: 20, episodes: [] },
  {
    // span 60637..63300 s = 2663 s recording -> 31.4 min, clamped to 28
    start: [16, 50, 37, 24, 8, 2019],
    loopMinutes: 28,
    episodes: [
      { offsetRecordingS: 280, durationS: 30 },
      { offsetRecordingS: 557, durationS: 13 },
      { offsetRecordingS: 836, durationS: 20 },
      { offsetRecordingS: 1950, durationS: 19 },
    ],
  },
  {
    // span 12211..14232 s = 2021 s recording -> 23.8 min
    start: [3, 23, 31, 22, 1, 2010],
    loopMinutes: 23.8,
    episodes: [
      { offsetRecordingS: 283, durationS: 30 },
      { offsetRecordingS: 588, durationS: 43 },
      { offsetRecordingS: 841, durationS: 12 },
      { offsetRecordingS: 1405, durationS: 69 },
    ],
  },
  {
    // span 14154..17059 s = 2905 s recording -> 34.2 min, clamped to 28
    start: [3, 55, 54, 30, 1, 2010],
    loopMinutes: 28,
    episodes: [
      { offsetRecordingS: 368, durationS: 32 },
      { offsetRecordingS: 622, durationS: 54 },
      { offsetRecordingS: 903, durationS: 61 },
    ],
  },
];

/** Anomaly episodes last 1..36 polls, about 2..70 s of wall time (anomaly-episodes-2021-01). */
export const EPISODE_MIN_S = 2;
export const EPISODE_MAX_S = 70;
