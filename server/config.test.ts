import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseRoles } from './config.js';

describe('loadConfig', () => {
  it('runs on the embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, redisUrl: undefined, bodyLimit: 1_048_576, roles: ['web', 'worker'], seedDemo: true });
    expect(config.dataDir.endsWith('/data')).toBe(true);
  });

  it('names every variable at fault', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', RAPPORT_SECRET_KEY: 'short' })).toThrowError(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', RAPPORT_SECRET_KEY: 'short' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('RAPPORT_SECRET_KEY');
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' })).toMatchObject({ databaseUrl: undefined, redisUrl: undefined });
  });
});

describe('parseRoles', () => {
  it('accepts web and worker and rejects anything else', () => {
    expect(parseRoles('worker')).toEqual(['worker']);
    expect(parseRoles(' web , worker,web')).toEqual(['web', 'worker']);
    expect(() => parseRoles('web,cron')).toThrowError(/cron|roles/);
  });
});
