/** The domain event recorded when a workspace's model is trained; every node reloads that workspace's models on it. */
export const modelTrainedEvent = 'model.trained';
