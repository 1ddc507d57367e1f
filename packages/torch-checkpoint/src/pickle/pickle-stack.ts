import { InvalidValueError } from '../invalid-value-error';

/** The unpickler's value stack with its MARK positions. */
export class PickleStack {
  private readonly items: unknown[] = [];
  private readonly marks: number[] = [];

  /** Pushes a value. */
  push(value: unknown): void {
    this.items.push(value);
  }

  /** Pops the top value; a MARK boundary cannot be popped through. */
  pop(): unknown {
    if (this.items.length === 0 || this.items.length === this.marks.at(-1)) {
      throw new InvalidValueError('stack underflow (corrupt pickle)');
    }
    return this.items.pop();
  }

  /** The top value, left in place. */
  top(): unknown {
    if (this.items.length === 0 || this.items.length === this.marks.at(-1)) {
      throw new InvalidValueError('stack underflow (corrupt pickle)');
    }
    return this.items[this.items.length - 1];
  }

  /** Records a MARK at the current height. */
  mark(): void {
    this.marks.push(this.items.length);
  }

  /** Removes and returns the values pushed since the last MARK, and the MARK. */
  popMark(): unknown[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw new InvalidValueError('no MARK on the stack (corrupt pickle)');
    return this.items.splice(mark);
  }

  /** POP: drops the top value, or an empty MARK when one is on top. */
  discard(): void {
    if (this.marks.length > 0 && this.items.length === this.marks.at(-1)) this.marks.pop();
    else this.pop();
  }
}
