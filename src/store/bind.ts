import { useStore, type StoreApi, type UseBoundStore } from 'zustand';

/**
 * The React side of a session: `createStore` (zustand/vanilla) holds its state and actions, this makes the hook
 * the components call (`useX()`, `useX(selector)`, `useX.getState()`), as zustand's own `create` does.
 */
export function bindStore<T>(api: StoreApi<T>): UseBoundStore<StoreApi<T>> {
  const hook = <U>(selector?: (state: T) => U) => useStore(api, selector as (state: T) => U);
  return Object.assign(hook, api) as UseBoundStore<StoreApi<T>>;
}
