import type { Message } from '../../../api/types';

const labels: Record<Message['deliveryStatus'], string> = {
  received: 'Received', queued: 'Sending…', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Failed',
};

/** Where the brand's message stands on its way to the platform; a failure shows its reason and a retry. */
export function DeliveryStatus({ message, onRetry, retrying }: { message: Message; onRetry: () => void; retrying: boolean }) {
  const status = message.deliveryStatus;
  return (
    <span className={`delivery delivery-${status}`} data-testid="delivery-status">
      <span aria-hidden="true">{status === 'delivered' || status === 'read' ? '✓✓ ' : status === 'sent' ? '✓ ' : ''}</span>
      {labels[status]}
      {status === 'failed' && (
        <>
          {message.deliveryError !== null && <span className="delivery-error">: {message.deliveryError}</span>}
          <button type="button" className="button small" onClick={onRetry} disabled={retrying}>Retry</button>
        </>
      )}
    </span>
  );
}
