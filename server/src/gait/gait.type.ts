import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Foot } from '../readings/foot.enum';
import { GaitStateEnum, GaitWindowEnum } from './gait.enums';
import type { GaitState, GaitSummaryData, GaitWindowName } from './gait-summary';

@ObjectType('FootFigures', {
  simpleResolvers: true,
  description: 'A figure per foot; null with too little walking.',
})
export class FootFiguresType {
  @Field(() => Float, { nullable: true })
  left!: number | null;

  @Field(() => Float, { nullable: true })
  right!: number | null;
}

@ObjectType('GaitSymmetry', {
  simpleResolvers: true,
  description:
    "Left/right symmetry of the window's walking: Robinson's index SI = 200 (L - R) / (L + R) percent (0 = symmetric) and ratios L / R (normal band 0.9..1.1).",
})
export class GaitSymmetryType {
  @Field(() => Float, { nullable: true, description: 'SI of the stance shares, percent.' })
  stanceSI!: number | null;

  @Field(() => Float, { nullable: true, description: 'SI of the normalised foot loads in stance, percent.' })
  loadSI!: number | null;

  @Field(() => Float, { nullable: true, description: 'Left stride time / right stride time.' })
  strideRatio!: number | null;

  @Field(() => Float, { nullable: true, description: 'Left stance share / right stance share.' })
  stanceRatio!: number | null;

  @Field(() => Float, { nullable: true, description: 'Left load / right load.' })
  loadRatio!: number | null;

  @Field({
    description:
      'A ratio is outside 0.9..1.1 on a window of minutes with enough walking. Never set on THIRTY_SECONDS: too few strides for a clinical flag.',
  })
  flagged!: boolean;
}

@ObjectType('FootRegions', {
  simpleResolvers: true,
  description: "Share of one foot's loaded time per region, over the window's stance.",
})
export class FootRegionsType {
  @Field(() => Float, { nullable: true })
  heel!: number | null;

  @Field(() => Float, { nullable: true, description: 'Front inner edge (ball and toes).' })
  forefoot!: number | null;

  @Field(() => Float, { nullable: true, description: 'Front outer edge.' })
  outerEdge!: number | null;
}

@ObjectType('GaitRegions', { simpleResolvers: true })
export class GaitRegionsType {
  @Field(() => FootRegionsType)
  left!: FootRegionsType;

  @Field(() => FootRegionsType)
  right!: FootRegionsType;
}

@ObjectType('GaitQuality', { simpleResolvers: true, description: 'How far the figures can be trusted.' })
export class GaitQualityType {
  @Field(() => Float, {
    description: 'Distinct samples per second of the recording clock (about 3.6 from the real API).',
  })
  samplesPerSecond!: number;

  @Field(() => Float, {
    description: 'Share of the window covered by samples, 0..1 (gaps and trace jumps are not).',
  })
  coverage!: number;

  @Field(() => Float, { description: '0..1, from coverage, calibrated sensor ranges and walking seen.' })
  confidence!: number;
}

@ObjectType('GaitBout', { simpleResolvers: true, description: 'A stretch of one state.' })
export class GaitBoutType {
  @Field(() => GaitStateEnum)
  state!: GaitState;

  @Field({ description: 'Receive time of its first sample.' })
  from!: Date;

  @Field({ description: 'Receive time of its last sample.' })
  to!: Date;

  @Field(() => Float, { description: 'Length on the recording clock.' })
  seconds!: number;
}

@ObjectType('FootContact', {
  simpleResolvers: true,
  description: 'One foot on the ground, heel strike to toe-off, on the receive-time axis.',
})
export class FootContactType {
  @Field(() => Foot)
  foot!: Foot;

  @Field()
  from!: Date;

  @Field()
  to!: Date;
}

@ObjectType('GaitSummary', {
  simpleResolvers: true,
  description:
    "Gait over a window of the patient's own recording clock: steps, cadence, stance and support, symmetry. Stride-time variability is deliberately absent: at ~3.6 samples a second its sampling noise (~80-115 ms a stride) is as large as what separates fallers from non-fallers, so it would mislead. Speed and stride length need other sensors.",
})
export class GaitSummaryType {
  @Field(() => Int)
  patientId!: number;

  @Field(() => GaitWindowEnum)
  window!: GaitWindowName;

  @Field(() => Date, { nullable: true, description: 'Receive time of the newest sample analysed.' })
  asOf!: Date | null;

  @Field(() => GaitStateEnum, { description: 'The state at the end of the window.' })
  state!: GaitState;

  @Field(() => Int, { description: 'Heel strikes of both feet while walking.' })
  steps!: number;

  @Field(() => Float)
  walkingSeconds!: number;

  @Field(() => Float)
  standingSeconds!: number;

  @Field(() => Float)
  noLoadSeconds!: number;

  @Field(() => Float, { nullable: true, description: 'Steps per minute, from the per-foot stride periods.' })
  cadence!: number | null;

  @Field(() => FootFiguresType, { description: 'Mean stride time per foot, seconds of recording clock.' })
  strideSeconds!: FootFiguresType;

  @Field(() => FootFiguresType, {
    description: 'Share of walking samples with the foot down (swing = 1 - stance).',
  })
  stanceShare!: FootFiguresType;

  @Field(() => Float, { nullable: true, description: 'Share of walking samples with exactly one foot down.' })
  singleSupportShare!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of walking samples with both feet down.' })
  doubleSupportShare!: number | null;

  @Field(() => GaitSymmetryType)
  symmetry!: GaitSymmetryType;

  @Field(() => Float, {
    nullable: true,
    description: 'Autocorrelation of foot load at the stride lag, 0..1 (1 = every stride alike).',
  })
  regularity!: number | null;

  @Field(() => GaitRegionsType)
  regions!: GaitRegionsType;

  @Field(() => GaitQualityType)
  quality!: GaitQualityType;

  @Field(() => [GaitBoutType], { description: 'State bouts overlapping the window, oldest first.' })
  bouts!: GaitBoutType[];

  @Field(() => [FootContactType], {
    description: 'Foot contacts in the window, oldest first (the contact ribbon).',
  })
  contacts!: FootContactType[];
}

export function toGaitSummaryType(s: GaitSummaryData): GaitSummaryType {
  return {
    patientId: s.patientId,
    window: s.window,
    asOf: s.asOfAt === null ? null : new Date(s.asOfAt),
    state: s.state,
    steps: s.steps,
    walkingSeconds: s.walkingSeconds,
    standingSeconds: s.standingSeconds,
    noLoadSeconds: s.noLoadSeconds,
    cadence: s.cadence,
    strideSeconds: { ...s.strideSeconds },
    stanceShare: { ...s.stanceShare },
    singleSupportShare: s.singleSupportShare,
    doubleSupportShare: s.doubleSupportShare,
    symmetry: { ...s.symmetry },
    regularity: s.regularity,
    regions: { left: { ...s.regions.left }, right: { ...s.regions.right } },
    quality: { ...s.quality },
    bouts: s.bouts.map((b) => ({
      state: b.state,
      from: new Date(b.fromAt),
      to: new Date(b.toAt),
      seconds: b.seconds,
    })),
    contacts: s.contacts.map((c) => ({ foot: c.foot, from: new Date(c.fromAt), to: new Date(c.toAt) })),
  };
}
