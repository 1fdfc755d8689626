// Answers about what is selected can arrive out of order: the session clicked first may
// answer after the one clicked next. Each change of selection takes a ticket, and only the
// newest ticket's answer may change the view, so a slow reply for an item the person has
// already left never replaces the one they are looking at.

export class Latest {
  #newest = 0;

  /** A new request (or a change of selection that makes older requests moot). The check
   *  it returns is true until the next call. */
  next(): () => boolean {
    const mine = ++this.#newest;
    return () => mine === this.#newest;
  }
}
