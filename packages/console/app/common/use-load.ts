import { type DependencyList, useCallback, useEffect, useState } from "react";

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
  /** Replace the data with what a mutation answered, without asking the server again. */
  set(data: T): void;
}

/**
 * Runs `load` when `deps` change and keeps the latest answer. An answer that arrives after newer deps were
 * asked for is dropped, so a slow search never overwrites the result of the one typed after it.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again.
  const run = useCallback(load, deps);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation (reload()) is what loads again.
  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    run().then(
      (value) => {
        if (!current) return;
        setData(value);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [run, generation]);

  return {
    data,
    error,
    loading,
    reload: () => setGeneration((value) => value + 1),
    set: (value) => {
      setData(value);
      setError(undefined);
    },
  };
}
