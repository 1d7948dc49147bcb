import { describeUnsaved, useStorageStatus } from '../../store/db';

/** On every screen while storage fails: why, and what is kept in this tab only. */
export function StorageBanner() {
  const status = useStorageStatus((s) => s.status);
  const unsaved = useStorageStatus((s) => s.unsaved);
  const lost = describeUnsaved(unsaved);
  if (status.kind === 'ok' && !lost) return null;
  return (
    <div className="banner warn storage-banner" role="status" aria-label="Storage">
      {status.kind === 'ok' ? 'Some work could not be saved and is kept in this tab only.' : status.reason}
      {lost && (
        <>
          {' '}
          <strong>Not saved:</strong> {lost}.
        </>
      )}
    </div>
  );
}
