import { appConfig } from './app.config';

describe('appConfig', () => {
  it('provides zoneless change detection, the router and Apollo', () => {
    expect(appConfig.providers.length).toBeGreaterThanOrEqual(5);
  });
});
