import { createRandom, hash3, pick } from './seeded-random';

/** Who a simulated patient is: the metadata fields of the real API's body. */
export interface SimulatedPatient {
  /** The URL id (the body's own `id` is always 12, like the real API's). */
  readonly id: number;
  readonly firstname: string;
  readonly lastname: string;
  /** A year as a string, as the real API sends it. */
  readonly birthdate: string;
  readonly disabled: boolean;
  /** `trace.name`: what the recording was called. */
  readonly traceName: string;
}

/** The six patients of the real service (shared/foot-pressure-api.md), ids 1..6. */
export const DEFAULT_PATIENTS: readonly SimulatedPatient[] = [
  {
    id: 1,
    firstname: 'Janek',
    lastname: 'Grzegorczyk',
    birthdate: '1982',
    disabled: false,
    traceName: 'bach',
  },
  {
    id: 2,
    firstname: 'Elżbieta',
    lastname: 'Kochalska',
    birthdate: '1976',
    disabled: true,
    traceName: 'ela',
  },
  { id: 3, firstname: 'Albert', lastname: 'Lisowski', birthdate: '1991', disabled: false, traceName: 'alek' },
  {
    id: 4,
    firstname: 'Ewelina',
    lastname: 'Nosowska',
    birthdate: '1998',
    disabled: true,
    traceName: 'ewelinka',
  },
  {
    id: 5,
    firstname: 'Piotr',
    lastname: 'Fokalski',
    birthdate: '1985',
    disabled: false,
    traceName: 'piotrek - w czasie spaceru z psem',
  },
  {
    id: 6,
    firstname: 'Bartosz',
    lastname: 'Moskalski',
    birthdate: '1981',
    disabled: false,
    traceName: 'bartek gdy poszedł po kanapkę',
  },
];

// Small name lists for generated patients; Polish letters on purpose, so every consumer of a
// generated patient exercises the escaping the real API does.
const MEN = [
  'Adam',
  'Andrzej',
  'Bogdan',
  'Czesław',
  'Grzegorz',
  'Henryk',
  'Józef',
  'Kazimierz',
  'Łukasz',
  'Marek',
  'Paweł',
  'Ryszard',
  'Stanisław',
  'Tadeusz',
  'Wojciech',
  'Zbigniew',
];
const WOMEN = [
  'Agnieszka',
  'Anna',
  'Barbara',
  'Danuta',
  'Grażyna',
  'Halina',
  'Irena',
  'Jadwiga',
  'Krystyna',
  'Małgorzata',
  'Maria',
  'Stanisława',
  'Teresa',
  'Wanda',
  'Zofia',
  'Żaneta',
];
/** [masculine, feminine] forms: Polish surnames ending in -ski agree with the person's gender. */
const SURNAMES: readonly (readonly [string, string])[] = [
  ['Nowak', 'Nowak'],
  ['Kowalski', 'Kowalska'],
  ['Wiśniewski', 'Wiśniewska'],
  ['Wójcik', 'Wójcik'],
  ['Kamiński', 'Kamińska'],
  ['Lewandowski', 'Lewandowska'],
  ['Zieliński', 'Zielińska'],
  ['Szymański', 'Szymańska'],
  ['Woźniak', 'Woźniak'],
  ['Dąbrowski', 'Dąbrowska'],
  ['Kozłowski', 'Kozłowska'],
  ['Mazur', 'Mazur'],
  ['Krawczyk', 'Krawczyk'],
  ['Pietrzak', 'Pietrzak'],
];
const OCCASIONS = [
  '',
  '',
  'spacer',
  'w drodze do sklepu',
  'po obiedzie',
  'na schodach',
  'w parku',
  'po gazetę',
];

/**
 * The patient behind a URL id: the real six for 1..6, beyond that one generated from (seed, id)
 * alone, so any id of thousands is ready without keeping a table and two runs with one seed agree.
 */
export function simulatedPatient(id: number, seed: number): SimulatedPatient {
  if (!Number.isInteger(id) || id < 1)
    throw new RangeError(`patient id must be a positive integer, got ${id}`);
  const known = DEFAULT_PATIENTS[id - 1];
  if (known !== undefined) return known;
  const random = createRandom(hash3(seed, id, 0x9a7e));
  const woman = random() < 0.5;
  const firstname = pick(random, woman ? WOMEN : MEN);
  const surname = pick(random, SURNAMES);
  const occasion = pick(random, OCCASIONS);
  const nick = firstname.toLowerCase();
  return {
    id,
    firstname,
    lastname: woman ? surname[1] : surname[0],
    // The device was built for the elderly and disabled: mostly older patients.
    birthdate: String(1935 + Math.floor(random() * 68)),
    disabled: random() < 0.25,
    traceName: occasion === '' ? nick : `${nick} - ${occasion}`,
  };
}
