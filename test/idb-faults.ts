/**
 * IndexedDB failing as browsers make it fail, on fake-indexeddb (import 'fake-indexeddb/auto' first): a full disk,
 * and a database another tab holds.
 */

/**
 * A full disk, as browsers report it: the write request fails with a QuotaExceededError DOMException and the
 * transaction aborts. fake-indexeddb has no quota, so its put is wrapped to fail that way for one object store
 * (through its own request machinery, so the failure arrives asynchronously like the real one). Returns the undo.
 */
export function simulateQuotaExceeded(storeName: string): () => void {
  const proto = IDBObjectStore.prototype as unknown as {
    put: (...args: unknown[]) => IDBRequest;
  };
  const original = proto.put;
  proto.put = function (this: IDBObjectStore & { transaction: { _execRequestAsync(o: unknown): IDBRequest } }, ...args: unknown[]) {
    if (this.name !== storeName) return original.apply(this, args);
    return this.transaction._execRequestAsync({
      operation: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
      source: this,
    });
  };
  return () => {
    proto.put = original;
  };
}

/**
 * A factory over `factory` whose every open is blocked, as when another tab holds the database at an older version
 * and does not give way: a connection at version 1 that never closes, then the open at version 2.
 */
export function heldFactory(factory: IDBFactory): IDBFactory {
  const held: IDBDatabase[] = [];
  return {
    open(name: string) {
      const first = factory.open(`held-${name}`, 1);
      first.onsuccess = () => held.push(first.result);
      return factory.open(`held-${name}`, 2);
    },
  } as IDBFactory;
}
