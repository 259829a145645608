/**
 * A cache of at most `capacity` entries that keeps what was used recently: entries live in a young
 * and an old generation; when the young one is full it becomes the old one and the previous old
 * one is dropped, and a hit in the old generation moves the entry back to the young one. It is an
 * approximate LRU whose hit costs one map lookup, which matters on the per-flow path where true
 * LRU bookkeeping (delete and re-insert on every hit) would cost more than the lookup it saves.
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generationSize: number;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new Error("capacity must be an integer of at least 2");
    this.generationSize = Math.floor(capacity / 2);
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aging = this.old.get(key);
    if (aging !== undefined) {
      this.old.delete(key);
      this.set(key, aging);
    }
    return aging;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.generationSize && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}
