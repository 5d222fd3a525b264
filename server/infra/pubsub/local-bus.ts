import type { Logger } from '../logger.js';
import type { DomainEvent, EventBus, EventHandler, EventInterest } from './pubsub.port.js';

/** Options of the in-process bus. */
export interface LocalBusOptions {
  /** Where a subscriber that throws is reported. */
  logger?: Logger;
}

/** Creates the in-process bus: every subscriber gets each event synchronously, during publish. */
export function createLocalBus(options: LocalBusOptions = {}): EventBus {
  // One entry per subscribe call, so the same function subscribed twice is also removed one at a time.
  const subscriptions = new Set<{ handler: EventHandler; interest: EventInterest | undefined }>();

  function deliver(event: DomainEvent): void {
    for (const subscription of [...subscriptions]) {
      if (subscription.interest !== undefined && !subscription.interest(event.workspaceId, event.type)) continue;
      try {
        subscription.handler(event);
      } catch (error) {
        options.logger?.error({ err: error, eventType: event.type }, 'event subscriber threw');
      }
    }
  }

  return {
    driver: 'local',
    async publish(events) {
      for (const event of events) deliver(event);
    },
    subscribe(handler, interest) {
      const subscription = { handler, interest };
      subscriptions.add(subscription);
      return () => {
        subscriptions.delete(subscription);
      };
    },
    hasAudience(workspaceId, type) {
      for (const subscription of subscriptions) if (subscription.interest === undefined || subscription.interest(workspaceId, type)) return true;
      return false;
    },
    async close() {
      subscriptions.clear();
    },
  };
}
