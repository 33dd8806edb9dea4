import { Field, Int, ObjectType } from 'type-graphql';
import { Foot } from './foot.enum';

@ObjectType('Sensor', {
  description: 'One pressure sensor of an insole at the time of a reading.',
  simpleResolvers: true,
})
export class SensorType {
  @Field(() => Int, {
    description: '0..5: 0-2 left foot (front inner edge, front outer edge, heel), 3-5 the same on the right.',
  })
  id!: number;

  @Field({ description: 'L0 L1 L2 R0 R1 R2, as the API names them.' })
  name!: string;

  @Field(() => Foot)
  foot!: Foot;

  @Field(() => Int, { description: '10-bit pressure, 0..1023.' })
  value!: number;

  @Field({ description: 'Flagged anomalous by the monitoring API.' })
  anomaly!: boolean;
}
