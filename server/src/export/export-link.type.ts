import { Field, ObjectType } from 'type-graphql';

@ObjectType('ExportLink', {
  description: 'A short-lived link to a CSV file: GET it without a token (the link is the credential).',
  simpleResolvers: true,
})
export class ExportLinkType {
  @Field({
    description: "Path on this server, e.g. /export/…; resolve it against the GraphQL endpoint's origin.",
  })
  path!: string;

  @Field({ description: 'The name the download is offered under: patient, kind and range.' })
  fileName!: string;

  @Field({ description: 'The link is refused (403) from then on.' })
  expiresAt!: Date;
}
