import { registerEnumType } from 'type-graphql';

export enum Foot {
  LEFT = 'LEFT',
  RIGHT = 'RIGHT',
}

registerEnumType(Foot, { name: 'Foot' });
