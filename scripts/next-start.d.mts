export function nextStartArguments(root: string, port: number, hostname: string): string[];
