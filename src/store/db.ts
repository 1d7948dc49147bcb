import { bindStore } from './bind';
import { createPlayStorage } from './sessions/storage';

/**
 * The page's storage of instances, episodes and settings (src/store/sessions/storage.ts over the global
 * IndexedDB, opened on first use), its status for the banner, and the question before leaving with work unsaved.
 */
export { describeUnsaved, type Collection, type StorageStatus, type Unsaved } from './sessions/storage';

export const pageStorage = createPlayStorage();
export const { put, putAll, putNow, get, list, remove, getSetting, putSetting, noteUnsaved } = pageStorage;

export const useStorageStatus = bindStore(pageStorage.status);

// Leaving the page while something is kept in this tab only loses it: the browser asks first.
if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', (e) => {
    if (Object.keys(useStorageStatus.getState().unsaved).length) e.preventDefault();
  });
}
