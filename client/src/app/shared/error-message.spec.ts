import { messageOf } from './error-message';

describe('messageOf', () => {
  it("shows an error's message, a thrown string as it is, and nothing cryptic for the rest", () => {
    expect(messageOf(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(messageOf('Server unreachable')).toBe('Server unreachable');
    expect(messageOf({ status: 500 })).toBe('Unknown error');
    expect(messageOf(undefined)).toBe('Unknown error');
  });
});
