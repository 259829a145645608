/** What Headers offers for reading one header; a plain reader in tests. */
export interface HeaderReader {
  get(name: string): string | null;
}
