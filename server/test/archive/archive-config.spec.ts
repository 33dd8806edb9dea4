import { ConfigError, loadConfig } from '../../src/config/config';

describe('archive configuration', () => {
  it('defaults to an archive on embedded PGlite, 365 days raw and 3650 days of rollups', () => {
    expect(loadConfig({}).archive).toEqual({
      enabled: true,
      databaseUrl: undefined,
      dataDir: undefined,
      schema: 'public',
      archiveRetentionDays: 365,
      rollupRetentionDays: 3650,
      exportLinkTtlSec: 300,
    });
  });

  it('reads every archive variable', () => {
    const archive = loadConfig({
      ARCHIVE: 'off',
      DATABASE_URL: 'postgresql://plantar@db.example:5432/plantar',
      DATA_DIR: '/var/lib/plantar',
      ARCHIVE_SCHEMA: 'ward_7',
      ARCHIVE_RETENTION_DAYS: '30',
      ROLLUP_RETENTION_DAYS: '400',
      EXPORT_LINK_TTL_SEC: '60',
    }).archive;
    expect(archive).toEqual({
      enabled: false,
      databaseUrl: 'postgresql://plantar@db.example:5432/plantar',
      dataDir: '/var/lib/plantar',
      schema: 'ward_7',
      archiveRetentionDays: 30,
      rollupRetentionDays: 400,
      exportLinkTtlSec: 60,
    });
  });

  it('reports every bad archive variable at once, by name', () => {
    let message = '';
    try {
      loadConfig({
        ARCHIVE: 'maybe',
        DATABASE_URL: 'mysql://db',
        ARCHIVE_SCHEMA: 'Ward-7',
        ARCHIVE_RETENTION_DAYS: '0',
        EXPORT_LINK_TTL_SEC: 'soon',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const name of [
      'ARCHIVE=',
      'DATABASE_URL=',
      'ARCHIVE_SCHEMA=',
      'ARCHIVE_RETENTION_DAYS=',
      'EXPORT_LINK_TTL_SEC=',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).toContain('postgres://');
  });

  it('refuses rollups kept for less time than raw readings', () => {
    expect(() => loadConfig({ ARCHIVE_RETENTION_DAYS: '400', ROLLUP_RETENTION_DAYS: '100' })).toThrow(
      /ROLLUP_RETENTION_DAYS=100 must be at least ARCHIVE_RETENTION_DAYS=400/,
    );
  });
});
