// Placeholder replaced below.
export async function fidelityMain(_args: string[]): Promise<number> { return 2; }
