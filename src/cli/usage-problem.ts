/** A problem the developer fixes by changing what they typed: the CLI prints it and exits 1. */
export class UsageProblem extends Error {
  override readonly name = 'UsageProblem';
}
