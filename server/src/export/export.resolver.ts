import { GraphQLError } from 'graphql';
import { Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { PlantarErrorCode } from '../graphql/error-code';
import { exportFileName } from './export-file';
import { ExportLinkArgs, MAX_EXPORT_DAYS } from './export.args';
import { ExportLinkType } from './export-link.type';

const DAY_MS = 86_400_000;

function badInput(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: PlantarErrorCode.BAD_USER_INPUT, argumentName } });
}

@Resolver()
export class ExportResolver {
  @Authorized()
  @Mutation(() => ExportLinkType, {
    description: `A signed link to one patient's readings or episodes over [from, to] as CSV (at most ${MAX_EXPORT_DAYS} days), valid for minutes (EXPORT_LINK_TTL_SEC).`,
  })
  exportLink(@Args() args: ExportLinkArgs, @Ctx() { services, principal }: Context): ExportLinkType {
    const from = args.from.getTime();
    const to = args.to.getTime();
    if (!(from < to))
      throw badInput(`from (${args.from.toISOString()}) must be before to (${args.to.toISOString()})`, 'to');
    if (to - from > MAX_EXPORT_DAYS * DAY_MS) {
      throw badInput(`an export covers at most ${MAX_EXPORT_DAYS} days; ask for several`, 'to');
    }
    const request = { kind: args.kind, patientId: args.patientId, from, to };
    const { token, expiresAt } = services.exportLinks.sign(request);
    services.logger.info({ ...request, by: principal.subject }, 'export link issued');
    return { path: `/export/${token}`, fileName: exportFileName(request), expiresAt: new Date(expiresAt) };
  }
}
