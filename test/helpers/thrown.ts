/** What `f` throws; a normal return is an error of the test itself (the call was meant to throw). */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw, got a normal return');
}
