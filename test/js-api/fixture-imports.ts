/** An ES module whose namespace object is used as an import object module (instance.test.ts). */
export function add(a: number, b: number): number {
  return a + b;
}
export const limit = 42;
