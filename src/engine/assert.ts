// Assertions for bugs only. Protocol outcomes and bad input are values, never throws.

export class EngineAssertionError extends Error {
  override name = 'EngineAssertionError';
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new EngineAssertionError(message);
}

export function assertNever(x: never): never {
  throw new EngineAssertionError(`unexpected value: ${JSON.stringify(x)}`);
}
