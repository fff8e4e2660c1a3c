// Lookups in plain objects keyed by names a user typed (node names, config names, command names,
// units): only the object's own properties count, so `constructor` or `toString` is a name like
// any other and never finds Object.prototype's.

/** rec[key] if rec has that key itself, else undefined. */
export function own<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** An empty object with no prototype, for a table keyed by user-typed names. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
