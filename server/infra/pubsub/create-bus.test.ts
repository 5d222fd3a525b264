import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createEventBus } from './create-bus.js';

const logger = createLogger('silent');

describe('event bus selection', () => {
  it('keeps events in the process when Redis is not configured', async () => {
    const bus = await createEventBus({ redisUrl: undefined, logger });
    expect(bus.driver).toBe('local');
    await bus.close();
  });

  it.skipIf(!process.env.REDIS_URL)('shares events through Redis when it is configured', async () => {
    const bus = await createEventBus({ redisUrl: process.env.REDIS_URL, logger });
    expect(bus.driver).toBe('redis');
    await bus.close();
  });
});
