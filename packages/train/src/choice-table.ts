// Choice tables: a masked block's quantities over the options of the searched variables they depend on.

/** The searched variables of a masked block, in canonical order. */
export type BlockVariable = 'expansion' | 'input' | 'output';

/** The variables in canonical order (the order of a table's `deps`). */
export const VARIABLES: readonly BlockVariable[] = ['expansion', 'input', 'output'];

/** Option indices of one combination of a block's variables. */
export type Combo = Record<BlockVariable, number>;

/**
 * A quantity over the choices: `values` over the grid of the options of `deps` (row-major in `deps` order, which
 * is the canonical order expansion, input, output). No deps: one value.
 */
export interface ChoiceTable<T> {
  deps: BlockVariable[];
  sizes: number[];
  values: T[];
}

/**
 * Builds tables from per-combination values, finding what they depend on (`combos`: the (expansion, input) grid
 * at output 0, then the (input, output ≥ 1) grid at expansion 0, as `alignBlock` plans them).
 */
export class TableMaker {
  constructor(readonly sizes: Record<BlockVariable, number>, readonly combos: Combo[], readonly where: string) {}

  make<T>(what: string, values: T[]): ChoiceTable<T> {
    const first = values[0]!;
    if (values.every((v) => v === first)) return { deps: [], sizes: [], values: [first] };
    const { expansion: nE, input: nI, output: nO } = this.sizes;
    // `combos` is the (expansion, input) grid at output 0, then the (input, output ≥ 1) grid at expansion 0.
    const get = (e: number, i: number, o: number): T => (o === 0 ? values[e * nI + i]! : values[nE * nI + i * (nO - 1) + (o - 1)]!);
    let onE = false;
    let onI = false;
    let onO = false;
    for (let i = 0; i < nI; i++) {
      for (let e = 1; e < nE && !onE; e++) if (get(e, i, 0) !== get(0, i, 0)) onE = true;
      for (let o = 1; o < nO && !onO; o++) if (get(0, i, o) !== get(0, i, 0)) onO = true;
    }
    for (let i = 1; i < nI && !onI; i++) {
      for (let e = 0; e < nE && !onI; e++) if (get(e, i, 0) !== get(e, 0, 0)) onI = true;
      for (let o = 0; o < nO && !onI; o++) if (get(0, i, o) !== get(0, 0, o)) onI = true;
    }
    if (onE && onO) {
      throw new Error(`${this.where}: ${what} depends on both the expansion and the output width, which the masked supernet cannot tabulate`);
    }
    const deps = VARIABLES.filter((v) => (v === 'expansion' ? onE : v === 'input' ? onI : onO));
    const depSizes = deps.map((v) => this.sizes[v]);
    const grid: T[] = [];
    const has = (v: BlockVariable) => deps.includes(v);
    const rangeE = has('expansion') ? nE : 1;
    const rangeI = has('input') ? nI : 1;
    const rangeO = has('output') ? nO : 1;
    for (let e = 0; e < rangeE; e++) for (let i = 0; i < rangeI; i++) for (let o = 0; o < rangeO; o++) grid.push(get(e, i, o));
    return { deps, sizes: depSizes, values: grid };
  }
}

/** The value of a table at a combination. */
export function tableAt<T>(table: ChoiceTable<T>, combo: Combo): T {
  let index = 0;
  table.deps.forEach((v, d) => {
    index = index * table.sizes[d]! + combo[v];
  });
  return table.values[index]!;
}
