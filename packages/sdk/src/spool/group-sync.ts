import { close, fsync } from 'node:fs';

/**
 * Group commit: however many batches ask for durability while an fsync runs, one more fsync covers them all.
 * `request()` resolves after an fsync that started after the call, so every byte written before it is on disk.
 */
export class GroupSync {
  #fd: number;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  #retired: number[] = [];

  constructor(fd: number) {
    this.#fd = fd;
  }

  /** Switches to a new segment's descriptor; the old one is closed once no fsync uses it any more. */
  switchTo(fd: number): void {
    this.#retired.push(this.#fd);
    this.#fd = fd;
    if (this.#running === undefined) this.#closeRetired();
  }

  request(): Promise<void> {
    if (this.#running === undefined) return this.#start();
    this.#next ??= this.#running.then(
      () => this.#start(),
      () => this.#start(),
    );
    return this.#next;
  }

  /** Waits for every fsync in flight, then closes the descriptors it still holds. */
  async close(): Promise<void> {
    await Promise.allSettled([this.#running, this.#next]);
    this.#retired.push(this.#fd);
    this.#closeRetired();
  }

  #start(): Promise<void> {
    this.#next = undefined;
    const fd = this.#fd;
    const running = new Promise<void>((resolve, reject) =>
      fsync(fd, (error) => (error ? reject(error) : resolve())),
    );
    this.#running = running;
    const settle = () => {
      if (this.#running === running) this.#running = undefined;
      if (this.#running === undefined) this.#closeRetired();
    };
    running.then(settle, settle);
    return running;
  }

  #closeRetired(): void {
    for (const fd of this.#retired.splice(0)) close(fd, () => undefined);
  }
}
