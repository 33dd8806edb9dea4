import { GraphQLError } from 'graphql';
import pino from 'pino';
import { createErrorFormatter } from './errors';

const logger = pino({ level: 'silent' });

function format(error: GraphQLError, state: { storeUp?: boolean; stopping?: boolean } = {}) {
  const formatter = createErrorFormatter(
    logger,
    () => state.storeUp ?? true,
    () => state.stopping ?? false,
  );
  return formatter(error.toJSON(), error);
}

const internal = () =>
  new GraphQLError('Cannot read properties of undefined (reading "x")', {
    path: ['patients'],
    originalError: new TypeError('Cannot read properties of undefined (reading "x")'),
  });

describe('errors sent to clients', () => {
  it('keeps the code and message of client errors, renaming type-graphql UNAUTHORIZED to FORBIDDEN', () => {
    const denied = new GraphQLError('Access denied!', { extensions: { code: 'UNAUTHORIZED' } });
    expect(format(denied)).toEqual({ message: 'Access denied!', extensions: { code: 'FORBIDDEN' } });
  });

  it('sends internals as a bare INTERNAL_SERVER_ERROR, never their message', () => {
    expect(format(internal())).toEqual({
      message: 'Internal server error',
      path: ['patients'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('says STORE_UNAVAILABLE when the store is down, so clients retry', () => {
    expect(format(internal(), { storeUp: false }).extensions).toEqual({ code: 'STORE_UNAVAILABLE' });
  });

  it('says SERVICE_UNAVAILABLE while the server shuts down instead of blaming a fault', () => {
    expect(format(internal(), { stopping: true })).toEqual({
      message: 'The server is restarting; try again shortly.',
      path: ['patients'],
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  });
});
