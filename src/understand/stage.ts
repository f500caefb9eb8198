/**
 * The shape every understand stage shares: a name, a version that changes whenever its output could
 * (code or model), and a pure `run`. The pipeline records each version in the Analysis so `reanalyze`
 * can tell which stored analyses are stale.
 */
export interface Stage<I, O> {
  readonly name: string;
  readonly version: string;
  run(input: I): O;
}
