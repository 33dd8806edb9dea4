/**
 * What gait analysis reports for one patient. Plain data: the analysis (gait/analysis/) produces
 * it, the GraphQL types (gait.type.ts) and the overview feed copy from it, tests compare it with
 * the simulator's ground truth. Times in the walk (strides, stance) are on the recording's clock;
 * `at` fields are Plantar's receive time (Unix ms), for placing things on the dashboard's time axis.
 */

/** What the patient is doing over the last few seconds. */
export type GaitState = 'WALKING' | 'STANDING' | 'NO_LOAD' | 'UNKNOWN';

/** The live windows: seconds of recording clock they cover. */
export const GAIT_WINDOWS = { THIRTY_SECONDS: 30, FIVE_MINUTES: 300 } as const;
export type GaitWindowName = keyof typeof GAIT_WINDOWS;

/** A figure per foot; null when the window holds too little walking to say. */
export interface FootFigures {
  readonly left: number | null;
  readonly right: number | null;
}

/**
 * Left/right symmetry over the window's walking. Robinson's symmetry index SI = 2 (L - R) / (L + R)
 * in percent (0 = symmetric), and the ratio L / R (normal band 0.9..1.1).
 */
export interface GaitSymmetry {
  /** SI of the stance shares, percent. */
  readonly stanceSI: number | null;
  /** SI of the normalised foot loads during stance, percent. */
  readonly loadSI: number | null;
  /** Left stride time / right stride time. */
  readonly strideRatio: number | null;
  /** Left stance share / right stance share. */
  readonly stanceRatio: number | null;
  /** Left load / right load. */
  readonly loadRatio: number | null;
  /**
   * A ratio is outside 0.9..1.1 on a window long enough to say so (minutes of walking): never set
   * on the 30-second window, whose stride count is too small for a clinical flag.
   */
  readonly flagged: boolean;
}

/** Share of loaded time per region of the foot, over the window's stance (sums to ~1 per foot). */
export interface RegionShares {
  readonly heel: number | null;
  readonly forefoot: number | null;
  readonly outerEdge: number | null;
}

export interface GaitQuality {
  /** Distinct samples per second of recording clock in the window (~3.6 from the real API). */
  readonly samplesPerSecond: number;
  /** Share of the window covered by samples (gaps and trace jumps uncovered), 0..1. */
  readonly coverage: number;
  /** 0..1: how much the figures can be trusted (coverage, learned sensor ranges, walking seen). */
  readonly confidence: number;
}

/** One stretch of a single state, on the receive-time axis. */
export interface GaitBout {
  readonly state: GaitState;
  readonly fromAt: number;
  readonly toAt: number;
  /** Length on the recording clock. */
  readonly seconds: number;
}

/** Contact of one foot from heel strike to toe-off, on the receive-time axis (the contact ribbon). */
export interface ContactInterval {
  readonly foot: 'LEFT' | 'RIGHT';
  readonly fromAt: number;
  readonly toAt: number;
}

export interface GaitSummaryData {
  readonly patientId: number;
  readonly window: GaitWindowName;
  /** Receive time of the newest sample analysed; null before any. */
  readonly asOfAt: number | null;
  /** The state now (end of the window). */
  readonly state: GaitState;
  /** Heel strikes of both feet during walking in the window. */
  readonly steps: number;
  readonly walkingSeconds: number;
  readonly standingSeconds: number;
  readonly noLoadSeconds: number;
  /** Steps per minute from the per-foot stride periods while walking. */
  readonly cadence: number | null;
  /** Mean stride (heel strike to next heel strike of the same foot), seconds of recording clock. */
  readonly strideSeconds: FootFigures;
  /** Share of walking samples with the foot in contact (swing = 1 - stance). */
  readonly stanceShare: FootFigures;
  /** Share of walking samples with exactly one foot in contact. */
  readonly singleSupportShare: number | null;
  /** Share of walking samples with both feet in contact. */
  readonly doubleSupportShare: number | null;
  readonly symmetry: GaitSymmetry;
  /** Autocorrelation of foot load at the stride lag, 0..1 (1 = every stride alike). */
  readonly regularity: number | null;
  readonly regions: { readonly left: RegionShares; readonly right: RegionShares };
  readonly quality: GaitQuality;
  /** State bouts overlapping the window, oldest first. */
  readonly bouts: readonly GaitBout[];
  /** Contacts in the window, oldest first (for the 30-second ribbon; may be empty on FIVE_MINUTES). */
  readonly contacts: readonly ContactInterval[];
}

/**
 * Gait figures of one patient for one minute of receive time (what the archive's rollups keep and
 * gaitHistory sums). A minute belongs to the tracker of the patient's owner and is emitted once,
 * when the minute is over.
 */
export interface GaitMinute {
  readonly patientId: number;
  /** Start of the minute, Unix ms, a multiple of 60,000. */
  readonly minute: number;
  readonly steps: number;
  readonly walkingSeconds: number;
  readonly standingSeconds: number;
  readonly noLoadSeconds: number;
  /** Walking bouts that started in this minute. */
  readonly boutsStarted: number;
  readonly cadence: number | null;
  readonly stanceSI: number | null;
  readonly loadSI: number | null;
  readonly strideRatio: number | null;
}
