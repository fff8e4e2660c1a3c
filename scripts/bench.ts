// Placeholder replaced below.
export async function benchMain(_args: string[]): Promise<number> { return 2; }
