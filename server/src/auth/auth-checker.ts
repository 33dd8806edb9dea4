import type { AuthChecker } from 'type-graphql';
import type { Context } from '../graphql/context';

/** `@Authorized('operator')` lets operators through; a bare `@Authorized()` any authenticated caller. */
export const authChecker: AuthChecker<Context> = ({ context }, roles) =>
  roles.length === 0
    ? context.principal !== undefined
    : context.principal !== undefined && roles.includes(context.principal.role);
